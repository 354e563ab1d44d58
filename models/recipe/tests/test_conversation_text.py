"""Conversational text: spoken form, training split only, evaluation sentences out, overlap measured."""

import random
import shutil
import tempfile
import unittest
from pathlib import Path

from verbatim_recipe.conversation_text import (
    FILLERS,
    build_conversation_text,
    conversational_sentences,
    disfluent,
    eval_overlap,
)
from verbatim_recipe.corpus import _split_of
from verbatim_recipe.normalize import check_vocab

TRAIN = [
    "we went to the shop on the corner to buy some bread",
    "the survey was sent to every household in the town",
    "she told me the results would be ready next week",
    "my brother lives in a small flat near the station",
    "the patient was given a new prescription yesterday",
] * 4
DOMAIN = ["the nurse checked his blood pressure twice", "we ran the regression with fixed effects"]


class ConversationTextTest(unittest.TestCase):
    def test_sentences_are_spoken_form_training_split_and_not_excluded(self):
        first = conversational_sentences(TRAIN, DOMAIN, 400, 1, set())
        excluded = set(first[:50])
        sents = conversational_sentences(TRAIN, DOMAIN, 400, 1, excluded)
        self.assertGreater(len(sents), 300)
        for s in sents:
            self.assertIsNone(check_vocab(s), s)
            self.assertEqual(_split_of(s), "train", s)
            self.assertNotIn(s, excluded)
        joined = " " + " ".join(sents) + " "
        for needle in (" uh ", " um ", " you know ", " mm hmm ", " dollars ", " my name is "):
            self.assertTrue(needle in joined, needle)
        self.assertTrue(any(w.isalpha() and w in ("twenty", "thirty", "fifteen", "nineteen") for s in sents for w in s.split()))
        self.assertEqual(conversational_sentences(TRAIN, DOMAIN, 400, 1, excluded), sents)

    def test_disfluent_keeps_the_words_in_order(self):
        rng = random.Random(4)
        base = "we went to the shop on the corner"
        for _ in range(50):
            words = disfluent(base, rng).split()
            it = iter(words)
            self.assertTrue(all(w in it for w in base.split()))  # the original is a subsequence
            self.assertGreater(len(words), len(base.split()))
        self.assertIn("you know", FILLERS)

    def test_eval_overlap_counts_sentences_and_ngrams(self):
        gen = ["a b c d e f", "x y z"]
        ev = ["a b c d e f", "a b c d q r", "m n o p"]
        o = eval_overlap(gen, ev, ns=(4,))
        self.assertEqual(o["whole_sentences_in_generated"], 1)
        # eval 4-grams: abcd bcde cdef | abcd bcdq cdqr | mnop -> 4 of 7 found
        self.assertEqual(o["4gram_eval"], 7)
        self.assertAlmostEqual(o["4gram_share"], round(4 / 7, 4))

    def test_build_writes_the_file_and_no_evaluation_sentence(self):
        d = Path(tempfile.mkdtemp(prefix="verbatim-conv-"))
        try:
            (d / "general_train.txt").write_text("\n".join(TRAIN) + "\n")
            (d / "medical_train.txt").write_text("\n".join(DOMAIN) + "\n")
            (d / "general_test.txt").write_text("yeah\nokay\nthanks a lot\n")  # short turns a template would make
            r = build_conversation_text(d, 3, count=300)
            out = (d / "conversation_train.txt").read_text().splitlines()
            self.assertEqual(len(out), r["sentences"])
            self.assertFalse({"yeah", "okay", "thanks a lot"} & set(out))
            self.assertEqual(r["eval_overlap"]["whole_sentences_in_generated"], 0)
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
