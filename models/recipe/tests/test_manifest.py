import json
import os
import tempfile
import unittest
from pathlib import Path

import numpy as np

from verbatim_recipe.manifest import ManifestError, load_audio, read_manifest
from verbatim_recipe.synth import write_wav


class ManifestTest(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        write_wav(self.dir / "a.wav", np.sin(np.arange(16000) / 10) * 0.3)

    def write(self, lines):
        p = self.dir / "m.jsonl"
        p.write_text("\n".join(l if isinstance(l, str) else json.dumps(l) for l in lines) + "\n")
        return p

    def test_reads_relative_paths_against_the_manifest(self):
        recs = read_manifest(self.write([{"audio_filepath": "a.wav", "duration": 1.0, "text": "hello there"}]))
        self.assertEqual(recs[0]["audio_filepath"], str(self.dir / "a.wav"))

    def test_missing_audio_names_the_line(self):
        p = self.write([{"audio_filepath": "a.wav", "text": "ok"}, {"audio_filepath": "nope.wav", "text": "ok"}])
        with self.assertRaises(ManifestError) as e:
            read_manifest(p)
        self.assertIn("line 2", str(e.exception))
        self.assertIn("missing or unreadable", str(e.exception))

    def test_out_of_vocabulary_text_names_line_and_character(self):
        p = self.write([{"audio_filepath": "a.wav", "text": "Dr. Smith"}])
        with self.assertRaises(ManifestError) as e:
            read_manifest(p)
        self.assertIn("line 1", str(e.exception))
        self.assertIn("'D'", str(e.exception))

    def test_broken_json_and_missing_fields(self):
        with self.assertRaises(ManifestError) as e:
            read_manifest(self.write(["{not json"]))
        self.assertIn("not valid JSON", str(e.exception))
        with self.assertRaises(ManifestError) as e:
            read_manifest(self.write([{"audio_filepath": "a.wav"}]))
        self.assertIn("'text'", str(e.exception))

    def test_unreadable_audio_is_a_clear_error(self):
        (self.dir / "junk.wav").write_bytes(b"RIFF\x00\x00garbage" * 10)
        with self.assertRaises(RuntimeError) as e:
            load_audio(str(self.dir / "junk.wav"), 16000)
        self.assertIn("junk.wav", str(e.exception))

    def test_resamples_other_rates_through_sox(self):
        write_wav(self.dir / "b.wav", np.zeros(8000), sample_rate=8000)
        self.assertEqual(len(load_audio(str(self.dir / "b.wav"), 16000)), 16000)


class ToolCheckTest(unittest.TestCase):
    def test_missing_tools_fail_early_with_the_install_command(self):
        from verbatim_recipe.synth import check_tools

        old = os.environ["PATH"]
        os.environ["PATH"] = "/nonexistent"
        try:
            with self.assertRaises(SystemExit) as e:
                check_tools()
        finally:
            os.environ["PATH"] = old
        self.assertIn("espeak-ng", str(e.exception))
        self.assertIn("apt-get install", str(e.exception))


if __name__ == "__main__":
    unittest.main()
