"""Voices: the held-out list, the missing-engine check (stage 0's refusal and --allow-missing-voices), and which voices
the new sets draw. Runs without Festival: the engines a test needs are faked or put on a PATH of its own."""

import argparse
import os
import random
import shutil
import tempfile
import unittest
from pathlib import Path

from verbatim_recipe import voices
from verbatim_recipe.stages import _stage0_check
from verbatim_recipe.synth import HELD_OUT_VOICES, MORE_SETS, plan_more_sets
from verbatim_recipe.voices import HELD_OUT, Missing, check_voices, find_missing, is_held_out, training_pool

HAVE_BASE = all(shutil.which(t) for t in ("espeak-ng", "flite", "sox", "ffmpeg"))


def _bin_dir(root: Path, tools: list[str], fake: dict[str, str] | None = None) -> str:
    """A PATH directory holding links to the given real tools and small fake scripts."""
    d = root / "bin"
    d.mkdir(exist_ok=True)
    for t in tools:
        os.symlink(shutil.which(t), d / t)
    for name, body in (fake or {}).items():
        (d / name).write_text("#!/bin/sh\n" + body + "\n")
        (d / name).chmod(0o755)
    return str(d)


class HeldOutTest(unittest.TestCase):
    def test_the_original_held_out_voices_are_held_out(self):
        for v in HELD_OUT_VOICES:
            self.assertTrue(is_held_out(v), v)

    def test_whole_accents_and_variants_are_held_out(self):
        self.assertTrue(is_held_out("espeak:en-029+Alex"))
        self.assertTrue(is_held_out("espeak:en-us+f4"))
        self.assertTrue(is_held_out("festival:cmu_us_slt_arctic_hts"))
        self.assertFalse(is_held_out("espeak:en-us+f3"))
        self.assertFalse(is_held_out("festival:kal_diphone"))

    def test_the_training_pool_has_no_held_out_voice_and_every_engine(self):
        pool = training_pool()
        vs = pool.voices()
        self.assertFalse([v for v in vs if is_held_out(v)])
        self.assertGreater(len(vs), 600)  # 7 accents x 100 variants + flite + festival
        self.assertEqual(pool.festival, ["kal_diphone", "ked_diphone"])
        rng = random.Random(1)
        drawn = {pool.draw(rng).split(":")[0] for _ in range(300)}
        self.assertEqual(drawn, {"espeak", "flite", "festival"})


class MissingTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="verbatim-voices-"))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_every_missing_engine_is_named_with_its_install_command(self):
        missing = find_missing(path=str(self.tmp))  # nothing on this PATH
        text = "\n".join(map(str, missing))
        self.assertIn("engine espeak-ng (install: apt-get install -y espeak-ng)", text)
        self.assertIn("engine flite (install: apt-get install -y flite)", text)
        self.assertIn("engine festival (text2wave) (install: apt-get install -y festival festvox-kallpc16k", text)

    def test_a_missing_festival_voice_is_named_with_its_package(self):
        path = _bin_dir(self.tmp, [], {"text2wave": "exit 0"})
        voices_dir = self.tmp / "voices"
        (voices_dir / "english" / "kal_diphone").mkdir(parents=True)
        missing = [m for m in find_missing(path=path, festival_dirs=[str(voices_dir)]) if "festival" in m.what]
        self.assertEqual(missing, [Missing("festival voice ked_diphone", "apt-get install -y festvox-kdlpc16k"),
                                   Missing("festival voice cmu_us_slt_arctic_hts", "apt-get install -y festvox-us-slt-hts")])
        pool = training_pool(missing)
        self.assertEqual(pool.festival, ["kal_diphone"])

    def test_check_voices_stops_unless_allowed(self):
        with self.assertRaises(SystemExit) as e:
            check_voices(False, path=str(self.tmp))
        msg = str(e.exception.code)
        self.assertIn("3 speech engine(s)/voice(s) missing", msg)
        self.assertIn("--allow-missing-voices", msg)
        self.assertIn("apt-get install -y festival", msg)
        self.assertEqual(len(check_voices(True, path=str(self.tmp))), 3)

    @unittest.skipUnless(HAVE_BASE, "needs espeak-ng, flite, sox and ffmpeg (apt-get install -y espeak-ng flite sox ffmpeg)")
    def test_stage0_without_festival_stops_and_goes_on_when_asked(self):
        path = _bin_dir(self.tmp, ["espeak-ng", "flite", "sox", "ffmpeg"])
        old = os.environ["PATH"]
        os.environ["PATH"] = path
        try:
            args = argparse.Namespace(no_synth=False, device="cpu", allow_missing_voices=False)
            with self.assertRaises(SystemExit) as e:
                _stage0_check(args)
            self.assertIn("engine festival (text2wave) (install: apt-get install -y festival", str(e.exception.code))
            args.allow_missing_voices = True
            _stage0_check(args)
            self.assertEqual([m.what for m in args.missing_voices], ["engine festival (text2wave)"])
        finally:
            os.environ["PATH"] = old


class PlanTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.text = Path(tempfile.mkdtemp(prefix="verbatim-plan-"))
        words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike".split()
        rng = random.Random(0)
        for name, n in (("general_train", 3000), ("general_test", 400), ("medical_train", 200), ("conversation_train", 500)):
            (cls.text / f"{name}.txt").write_text("\n".join(" ".join(rng.choices(words, k=rng.randint(4, 12))) for _ in range(n)) + "\n")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.text, ignore_errors=True)

    def test_new_sets_never_draw_a_held_out_voice_and_are_deterministic(self):
        sets = plan_more_sets(self.text, 7, 1.0)
        self.assertEqual(set(sets), set(MORE_SETS))
        for name in ("train_more", "test_conditions"):
            for u in sets[name]:
                self.assertFalse(is_held_out(u.voice), u.voice)
                for t in u.aug.get("babble", {}).get("talkers", []):
                    self.assertFalse(is_held_out(t[0]))
        self.assertEqual({u.voice for u in sets["test_unseen_festival"]}, {"festival:cmu_us_slt_arctic_hts"})
        est = sum(0.4 + len(u.text.split()) / 2.7 / u.aug.get("speed", 1.0) for u in sets["train_more"])
        self.assertTrue(3600 <= est < 3620, est)
        self.assertTrue(all(len([k for k in u.aug if k not in ("gain", "snr")]) >= 2 for u in sets["test_conditions"]))
        test = (self.text / "general_test.txt").read_text().splitlines()[:300]
        self.assertEqual([u.text for u in sets["test_conditions"]], test)
        self.assertEqual(plan_more_sets(self.text, 7, 1.0), sets)
        self.assertNotEqual(plan_more_sets(self.text, 8, 1.0)["train_more"][:20], sets["train_more"][:20])

    def test_without_festival_no_festival_voice_and_no_festival_test_set(self):
        missing = [Missing("engine festival (text2wave)", voices.ENGINE_INSTALL["festival"][1])]
        sets = plan_more_sets(self.text, 7, 0.2, missing=missing)
        self.assertNotIn("test_unseen_festival", sets)
        self.assertFalse([u for u in sets["train_more"] if u.voice.startswith("festival:")])

    def test_held_out_list_is_the_one_place(self):
        self.assertEqual(HELD_OUT["espeak_accents"], ["en-029"])
        self.assertIn("flite:slt", HELD_OUT["voices"])


if __name__ == "__main__":
    unittest.main()
