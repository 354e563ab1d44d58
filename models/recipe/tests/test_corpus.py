"""Stage 1's text: the Debian sentences come from the committed pin, so every machine builds the same sets."""

import json
import lzma
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from verbatim_recipe import corpus

MACHINE = ["the cat sat on the mat today", "we talked about the rent for an hour"] + [f"sentence number {i} of the prose here" for i in range(1200)]


class PinTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        self.pin = self.root / "pin"

    def tearDown(self):
        self.tmp.cleanup()

    def build(self, out: str, **kw):
        corpus.build_corpus(self.root / out, seed=7, domain_per=50, pin_dir=self.pin, **kw)
        return {p.name: p.read_text() for p in sorted((self.root / out).iterdir())}

    def test_the_first_run_pins_what_it_read_and_later_runs_never_read_the_machine(self):
        with mock.patch.object(corpus, "read_debian_sentences", return_value=sorted(MACHINE)) as read:
            first = self.build("a")
        self.assertEqual(read.call_count, 1)
        info = json.loads((self.pin / corpus.PIN_INFO).read_text())
        self.assertEqual(info["sentences"], len(MACHINE))
        # another machine, other packages: the pin decides
        with mock.patch.object(corpus, "read_debian_sentences", side_effect=AssertionError("read the machine")):
            second = self.build("b")
        self.assertEqual(first, second)
        self.assertIn("the cat sat on the mat today", "".join(first.values()))

    def test_refresh_reads_the_machine_again_and_rewrites_the_pin(self):
        corpus.write_pin(self.pin, sorted(MACHINE))
        other = sorted(MACHINE[:-1] + ["a new package brought this sentence along"])
        with mock.patch.object(corpus, "read_debian_sentences", return_value=other):
            built = self.build("a", refresh=True)
        self.assertIn("a new package brought this sentence along", "".join(built.values()))
        self.assertEqual(corpus.read_pin(self.pin), other)

    def test_a_damaged_or_half_pin_is_refused_with_what_to_do(self):
        corpus.write_pin(self.pin, sorted(MACHINE))
        (self.pin / corpus.PIN_TEXT).write_bytes(lzma.compress(b"something else\n"))
        with self.assertRaises(SystemExit) as caught:
            corpus.read_pin(self.pin)
        self.assertIn("sha256", str(caught.exception))
        (self.pin / corpus.PIN_TEXT).write_bytes(b"not xz at all")
        with self.assertRaises(SystemExit) as caught:
            corpus.read_pin(self.pin)
        self.assertIn("cannot be read", str(caught.exception))
        (self.pin / corpus.PIN_TEXT).unlink()
        with self.assertRaises(SystemExit) as caught:
            corpus.read_pin(self.pin)
        self.assertIn("incomplete", str(caught.exception))
        (self.pin / corpus.PIN_INFO).unlink()
        self.assertIsNone(corpus.read_pin(self.pin))


class CommittedPinTest(unittest.TestCase):
    def test_the_committed_pin_is_whole_and_holds_only_normalised_sentences(self):
        sentences = corpus.read_pin(corpus.PIN_DIR)
        info = json.loads((corpus.PIN_DIR / corpus.PIN_INFO).read_text())
        self.assertEqual(len(sentences), info["sentences"])
        self.assertEqual(sentences, sorted(set(sentences)))
        self.assertTrue(all(s == " ".join(s.split()) and s == s.lower() for s in sentences[:2000]))


if __name__ == "__main__":
    unittest.main()
