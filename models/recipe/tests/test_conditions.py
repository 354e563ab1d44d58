"""Recording conditions: planned deterministically, rendered deterministically (sox, ffmpeg, numpy), and a set's
synthesis resumes where it stopped."""

import json
import random
import shutil
import tempfile
import unittest
from dataclasses import replace
from pathlib import Path

import numpy as np

from verbatim_recipe import conditions
from verbatim_recipe.synth import SAMPLE_RATE, Utterance, _sox_effects, read_wav, render, synthesize_set

HAVE_FFMPEG = shutil.which("ffmpeg") is not None
HAVE_SPEECH = all(shutil.which(t) for t in ("espeak-ng", "sox", "ffmpeg"))
TALKERS = [[f"espeak:en-us+m{i % 8 + 1}", 160.0, 50, f"talker {i} says a few words here"] for i in range(10)]


def _tone(seconds: float = 1.0) -> np.ndarray:
    t = np.arange(int(SAMPLE_RATE * seconds)) / SAMPLE_RATE
    return 0.3 * np.sin(2 * np.pi * 440 * t) + 0.1 * np.sin(2 * np.pi * 1300 * t)


class PlanTest(unittest.TestCase):
    def test_same_seed_same_plan_and_at_least_honoured(self):
        a = [conditions.random_conditions(random.Random(f"s-{i}"), TALKERS, at_least=2) for i in range(200)]
        b = [conditions.random_conditions(random.Random(f"s-{i}"), TALKERS, at_least=2) for i in range(200)]
        self.assertEqual(a, b)
        for aug in a:
            self.assertGreaterEqual(len([k for k in aug if k not in ("gain", "snr")]), 2, aug)
            if "noise" in aug:
                self.assertTrue(0 <= aug["snr"] <= 20)
            if "babble" in aug:
                self.assertTrue(3 <= len(aug["babble"]["talkers"]) <= 6)
                self.assertTrue(0 <= aug["babble"]["snr"] <= 20)
            if "codec" in aug:
                name, kbps = aug["codec"]
                self.assertIn((name, kbps), {("mp3", 16), ("mp3", 24), ("mp3", 32), ("opus", 8), ("opus", 12), ("opus", 16),
                                             ("gsm", 13), ("phone", 64)})
        seen = {k for aug in a for k in aug}
        self.assertTrue({"shift", "eq", "room", "levels", "babble", "noise", "clip", "codec"} <= seen, seen)

    def test_no_babble_without_enough_talkers(self):
        for i in range(100):
            self.assertNotIn("babble", conditions.random_conditions(random.Random(i), TALKERS[:3]))

    def test_original_augmentations_keep_their_sox_command(self):
        # the measured test sets were rendered with this exact chain; the new keys must not change it
        self.assertEqual(_sox_effects({"speed": 0.9, "reverb": [30, 40, 50], "telephone": True, "gain": -3}),
                         ["speed", "0.9", "reverb", "30", "40", "50", "sinc", "300-3400", "rate", "-v", "16000", "channels", "1"])


class SignalTest(unittest.TestCase):
    def test_mix_at_snr(self):
        x = _tone()
        n = np.random.default_rng(0).standard_normal(len(x))
        y = conditions.mix_at_snr(x, n, 5.0)
        snr = 10 * np.log10(np.mean(x**2) / np.mean((y - x) ** 2))
        self.assertAlmostEqual(snr, 5.0, places=6)

    def test_levels_clip_and_babble(self):
        x = np.ones(1001)
        y = conditions.apply_levels(x, [[0.0, 0], [0.5, -20], [1.0, 0]])
        self.assertAlmostEqual(y[0], 1.0)
        self.assertAlmostEqual(y[500], 0.1)
        c = conditions.clip(_tone(), 12)
        self.assertEqual(float(np.max(np.abs(c))), 1.0)
        self.assertGreater(float(np.mean(np.abs(c) == 1.0)), 0.2)
        talkers = [_tone(0.3), _tone(0.7) * 0.1]
        b1, b2 = conditions.babble(16000, talkers, 3), conditions.babble(16000, talkers, 3)
        np.testing.assert_array_equal(b1, b2)
        self.assertFalse(np.array_equal(b1, conditions.babble(16000, talkers, 4)))
        self.assertEqual(len(b1), 16000)

    @unittest.skipUnless(HAVE_FFMPEG, "needs ffmpeg (apt-get install -y ffmpeg)")
    def test_codec_round_trips_keep_the_signal_and_change_it(self):
        x = _tone(1.0)
        for name, kbps in (("mp3", 16), ("opus", 8), ("gsm", 13), ("phone", 64)):
            y = conditions.codec_roundtrip(x, name, kbps)
            self.assertLess(abs(len(y) - len(x)), 0.1 * SAMPLE_RATE, name)
            n = min(len(x), len(y))
            self.assertGreater(float(np.sqrt(np.mean(y**2))), 0.05, name)
            self.assertFalse(np.allclose(y[:n], x[:n], atol=1e-3), name)
            np.testing.assert_array_equal(y, conditions.codec_roundtrip(x, name, kbps))


@unittest.skipUnless(HAVE_SPEECH, "needs espeak-ng, sox and ffmpeg (apt-get install -y espeak-ng sox ffmpeg)")
class RenderTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="verbatim-cond-"))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_every_condition_renders_the_same_audio_twice(self):
        aug = {"gain": -3.0, "shift": -150, "eq": [120, 5500, [[1000, 1.0, 6]]], "room": [60, 40, 70, 10, -2],
               "levels": [[0.0, 0], [0.6, -10], [1.0, 2]], "babble": {"snr": 10, "talkers": TALKERS[:3]}, "noise": "pink",
               "snr": 15, "clip": 6, "codec": ["opus", 12]}
        u = Utterance("tk00001", "the recording starts at ten fifteen", "espeak:en-us+m3", 160.0, 50, aug)
        d1 = render(u, self.tmp / "a.wav")
        d2 = render(u, self.tmp / "b.wav")
        self.assertEqual((self.tmp / "a.wav").read_bytes(), (self.tmp / "b.wav").read_bytes())
        self.assertGreater(d1, 1.0)
        self.assertEqual(d1, d2)
        render(replace(u, aug={"gain": -3.0}), self.tmp / "clean.wav")
        self.assertNotEqual((self.tmp / "a.wav").read_bytes(), (self.tmp / "clean.wav").read_bytes())
        x, sr = read_wav(self.tmp / "a.wav")
        self.assertEqual(sr, SAMPLE_RATE)

    def test_an_interrupted_set_resumes_rendering_only_what_is_missing(self):
        utts = [Utterance(f"tm{i:06d}", f"sentence number {i} for the resume test", "espeak:en-gb+f2", 170.0, 40,
                          {"gain": -2.0, "codec": ["phone", 64]}) for i in range(4)]
        wav, man = self.tmp / "wav", self.tmp / "manifests" / "train_more.jsonl"
        man.parent.mkdir(parents=True)
        (wav / "train_more").mkdir(parents=True)
        done = []
        for u in utts[:2]:
            out = wav / "train_more" / f"{u.id}.wav"
            done.append({"audio_filepath": str(out), "duration": round(render(u, out), 3), "text": u.text,
                         "voice": u.voice, "aug": u.aug, "id": u.id})
        stale = dict(done[1], text="a line planned differently")
        (man.with_suffix(".partial")).write_text(json.dumps(done[0]) + "\n" + json.dumps(stale) + "\n{\"torn")
        first_mtime = (wav / "train_more" / "tm000000.wav").stat().st_mtime_ns
        r = synthesize_set("train_more", utts, wav, man, workers=1)
        self.assertEqual(r["utterances"], 4)
        self.assertEqual((wav / "train_more" / "tm000000.wav").stat().st_mtime_ns, first_mtime)  # not rendered again
        lines = [json.loads(l) for l in man.read_text().splitlines()]
        self.assertEqual(sorted(l["id"] for l in lines), [u.id for u in utts])
        self.assertEqual(next(l for l in lines if l["id"] == "tm000001")["text"], utts[1].text)
        self.assertFalse(man.with_suffix(".partial").exists())


if __name__ == "__main__":
    unittest.main()
