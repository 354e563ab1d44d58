import random
import unittest

import numpy as np

from verbatim_recipe.diarize.conversations import TEST_VARIANTS, pick_people, plan, trim
from verbatim_recipe.diarize.train_projection import fit, project
from verbatim_recipe.synth import ESPEAK_VARIANTS_TRAIN, FLITE_TRAIN, HELD_OUT_VOICES, SAMPLE_RATE


class ConversationsTest(unittest.TestCase):
    def test_test_voices_are_outside_the_training_pool(self):
        self.assertEqual(set(TEST_VARIANTS) & set(ESPEAK_VARIANTS_TRAIN), set())
        rng = random.Random(3)
        for _ in range(50):
            for person in pick_people(rng, 4, "test"):
                variant = person.voice.split("+")[-1] if person.voice.startswith("espeak:") else person.voice
                self.assertNotIn(variant, ESPEAK_VARIANTS_TRAIN)
                self.assertNotIn(variant.removeprefix("flite:"), FLITE_TRAIN)
        tune = [p.voice for _ in range(50) for p in pick_people(rng, 4, "tune")]
        self.assertFalse(any(v in HELD_OUT_VOICES or v.split("+")[-1] in TEST_VARIANTS for v in tune))

    def test_people_in_a_conversation_have_distinct_voices(self):
        rng = random.Random(5)
        for n in (2, 3, 4):
            people = pick_people(rng, n, "test")
            self.assertEqual(len({p.voice.split("+")[-1] for p in people}), n)
            self.assertEqual([p.name for p in people], ["A", "B", "C", "D"][:n])

    def test_plan_alternates_speakers_and_adds_backchannels_from_listeners(self):
        rng = random.Random(7)
        people = pick_people(rng, 3, "tune")
        turns = plan(rng, people, ["one two three four five six"], 120)
        main = [t for t in turns if t["kind"] == "turn"]
        self.assertTrue(all(a["who"] != b["who"] for a, b in zip(main, main[1:])))
        backchannels = [(i, t) for i, t in enumerate(turns) if t["kind"] == "backchannel"]
        self.assertTrue(backchannels)
        for i, t in backchannels:
            self.assertNotEqual(t["who"], turns[i - 1]["who"])
        self.assertTrue(any(t["placement"] == "overlap" for t in main))

    def test_trim_cuts_silence_around_speech(self):
        x = np.zeros(SAMPLE_RATE)
        x[4000:8000] = np.sin(np.arange(4000) / 5)
        y = trim(x)
        self.assertLessEqual(abs(len(y) - 4000), 2 * SAMPLE_RATE // 100)


class ProjectionTest(unittest.TestCase):
    def test_lda_separates_people_and_whitens_within_person_scatter(self):
        rng = np.random.default_rng(0)
        people, rows = [], []
        for k in range(40):
            centre = rng.normal(size=40) * np.r_[np.full(5, 3.0), np.full(35, 0.1)]
            for _ in range(6):
                rows.append(centre + rng.normal(size=40))
                people.append(f"p{k}")
        x = np.array(rows)
        x[::7, 38] = np.nan  # unvoiced windows: pitch filled
        model = fit(x, np.array(people), 8)
        y = project(model, x)
        self.assertFalse(np.isnan(y).any())
        labels = np.array(people)
        within = np.mean([y[labels == p].var(axis=0).mean() for p in set(people)])
        self.assertAlmostEqual(within, 5 / 6, delta=0.2)  # unit scatter within a person (ddof 0 of 6 samples)
        self.assertGreater(y.var(axis=0)[:5].mean(), 5 * within)


if __name__ == "__main__":
    unittest.main()
