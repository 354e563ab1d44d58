"""Punctuation tagger data: words tagged with the mark after them and their case, held-out split, the suffix hash the
runtime shares, and the runtime's decoding rules (windows, sentence bound)."""

import unittest

import torch

from verbatim_recipe.punct.data import MARKS, case_of, held_out, suffix_bucket, tag_chunk
from verbatim_recipe.punct.evaluate import bound_sentences, windows


class TagChunkTest(unittest.TestCase):
    def test_marks_and_cases(self):
        got = tag_chunk('"Where do you live?" asked Dr. Smith; I said: in NASA\'s iPhone lab, 2 days ago!')
        words = [(w, MARKS[m], c) for w, m, c, _ in got]
        self.assertEqual(words[:4], [("where", "", 1), ("do", "", 0), ("you", "", 0), ("live", "?", 0)])
        self.assertIn(("smith", ",", 1), words)  # ';' counts as ','
        self.assertIn(("i", "", 1), words)
        self.assertIn(("nasa's", "", 3), words)  # a possessive of an acronym: its form comes from the lexicon
        iphone = [t for t in got if t[0] == "iphone"][0]
        self.assertEqual((iphone[2], iphone[3]), (3, "iPhone"))
        self.assertEqual(words[-3:], [("two", "", 0), ("days", "", 0), ("ago", "!", 0)])

    def test_case_of(self):
        self.assertEqual([case_of(w) for w in ["the", "The", "NASA", "I", "iPhone", "McDonald"]], [0, 1, 2, 1, 3, 3])

    def test_held_out_is_stable_and_rare(self):
        ids = [f"doc:{i}" for i in range(5000)]
        share = sum(held_out(i) for i in ids) / len(ids)
        self.assertTrue(0.03 < share < 0.09, share)
        self.assertEqual([held_out(i) for i in ids[:50]], [held_out(i) for i in ids[:50]])


class RuntimeSharedTest(unittest.TestCase):
    def test_suffix_bucket_matches_the_runtime(self):
        # the same values are asserted in packages/asr/src/punctuate/punctuate.test.ts
        self.assertEqual([suffix_bucket(w, 1024) for w in ["the", "a", "don't", "café", "zürich"]], [269, 635, 126, 367, 315])

    def test_windows_cover_and_end_at_the_end(self):
        self.assertEqual(windows(10), [0])
        self.assertEqual(windows(200), [0, 48, 96, 136])

    def test_long_runs_get_bounded(self):
        marks = [0] * 100
        lp = torch.zeros(100, 5)
        lp[30, 2] = 5.0
        bound_sentences(marks, lp, limit=40)
        self.assertEqual(marks[30], 2)
        run = 0
        for m in marks:
            run = 0 if m == 2 else run + 1
            self.assertLessEqual(run, 40)


if __name__ == "__main__":
    unittest.main()
