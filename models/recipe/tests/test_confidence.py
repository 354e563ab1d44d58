import unittest

import numpy as np

from verbatim_recipe.confidence import (auroc_error_detection, ece, errors_caught, frame_confidence, greedy_words, nce,
                                        platt_apply, platt_fit)
from verbatim_recipe.metrics import correct_words, error_rate
from verbatim_recipe.tokens import BLANK, TOKENS, decode_ids, encode


def one_hot_logp(ids, v=len(TOKENS) + 1, p=0.97):
    lp = np.full((len(ids), v), np.log((1 - p) / (v - 1)))
    for t, i in enumerate(ids):
        lp[t, i] = np.log(p)
    return lp


class ConfidenceTest(unittest.TestCase):
    def test_greedy_words_and_their_frames(self):
        a, b, sp = encode("a")[0], encode("b")[0], 0
        ids = [BLANK, a, a, BLANK, b, sp, BLANK, b, b, a, BLANK]
        words = greedy_words(one_hot_logp(ids))
        self.assertEqual([w.text for w in words], ["ab", "ba"])
        self.assertEqual(words[0].frames, [1, 2, 4])
        self.assertEqual((words[1].start_frame, words[1].end_frame), (7, 10))

    def test_measures_are_in_unit_interval_and_order_sharpness(self):
        sharp = one_hot_logp([3], p=0.99)
        flat = np.log(np.full((1, len(TOKENS) + 1), 1 / (len(TOKENS) + 1)))
        for m in ("tsallis", "max_prob"):
            hi, lo = frame_confidence(sharp, m)[0], frame_confidence(flat, m)[0]
            self.assertTrue(0 <= lo < hi <= 1, m)
        self.assertAlmostEqual(frame_confidence(flat, "tsallis")[0], 0.0, places=6)

    def test_platt_recovers_a_known_map(self):
        rng = np.random.default_rng(0)
        raw = rng.uniform(0.01, 0.99, 20000)
        true_p = platt_apply(raw, 1.7, -0.4)
        ok = rng.uniform(size=raw.shape) < true_p
        a, b = platt_fit(raw, ok)
        self.assertAlmostEqual(a, 1.7, delta=0.1)
        self.assertAlmostEqual(b, -0.4, delta=0.1)
        self.assertLess(ece(platt_apply(raw, a, b), ok), 0.02)

    def test_metrics_on_perfect_and_useless_scores(self):
        ok = np.array([True] * 90 + [False] * 10)
        perfect = ok.astype(float) * 0.98 + 0.01
        self.assertEqual(auroc_error_detection(perfect, ok), 1.0)
        self.assertEqual(errors_caught(perfect, ok, 0.10), 1.0)
        self.assertGreater(nce(perfect, ok), 0.8)
        constant = np.full(100, 0.9)
        self.assertEqual(auroc_error_detection(constant, ok), 0.5)
        self.assertAlmostEqual(ece(constant, ok), 0.0)
        self.assertAlmostEqual(nce(constant, ok), 0.0, places=6)

    def test_word_alignment_and_error_rates(self):
        self.assertEqual(correct_words("the cat sat".split(), "the bat sat down".split()), [True, False, True, False])
        self.assertAlmostEqual(error_rate(["the cat sat"], ["the bat sat down"]), 2 / 3)
        self.assertAlmostEqual(error_rate(["ab"], ["ab"], "char"), 0.0)

    def test_tokens_round_trip(self):
        self.assertEqual(decode_ids(encode("don't stop")), "don't stop")
        with self.assertRaises(KeyError):
            encode("Caps")


if __name__ == "__main__":
    unittest.main()
