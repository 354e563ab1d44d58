"""The word LM's general-English collection: sentence cleaning, evaluation text kept out, per-source counts."""

import json
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from verbatim_recipe import lm_text


class SentencesTest(unittest.TestCase):
    def test_prose_is_normalised_and_code_dropped(self):
        got = list(lm_text.sentences_of("The cat sat on 3 mats. See /usr/bin/foo for {code}. Ok."))
        self.assertEqual(got, ["the cat sat on three mats"])

    def test_length_bounds(self):
        self.assertEqual(list(lm_text.sentences_of("Too short.")), [])
        self.assertEqual(list(lm_text.sentences_of(" ".join(["word"] * 50) + ".")), [])


class OverlapTest(unittest.TestCase):
    def test_a_shared_4gram_is_caught_and_shorter_sentences_match_whole(self):
        f = lm_text.OverlapFilter(["the quick brown fox jumps", "hello there"])
        self.assertTrue(f.overlaps("a quick brown fox jumps high"))
        self.assertFalse(f.overlaps("the quick brown dog"))
        self.assertTrue(f.overlaps("hello there"))
        self.assertFalse(f.overlaps("hello there friend"))

    def test_report(self):
        f = lm_text.OverlapFilter(["one two three four five"])
        r = f.report(["one two three four five", "zero one two three four", "six seven eight nine"])
        self.assertEqual(r["evalSentencesVerbatim"], 1)
        self.assertEqual(r["linesSharingA4gram"], 2)
        self.assertEqual(r["eval4gramsCovered"], 1.0)


class CollectionTest(unittest.TestCase):
    def test_evaluation_text_stays_out_and_sources_are_counted(self):
        with tempfile.TemporaryDirectory() as d:
            work = Path(d)
            (work / "text").mkdir()
            (work / "manifests").mkdir()
            (work / "text" / "general_test.txt").write_text("we met at the old station in june\n")
            (work / "text" / "general_train.txt").write_text("training text is not evaluation text\n")
            (work / "manifests" / "dev.jsonl").write_text(json.dumps({"text": "a dev sentence spoken aloud here"}) + "\n")
            (work / "manifests" / "train.jsonl").write_text(json.dumps({"text": "a training sentence is fine here"}) + "\n")
            (work / "manifests" / "train_more.jsonl").write_text(json.dumps({"text": "more training speech is fine too"}) + "\n")
            fake = {
                "a": ("pkg-a", lambda: iter(["we met at the old station", "a plain sentence of english", "a plain sentence of english"])),
                "b": ("pkg-b", lambda: iter(["say a dev sentence spoken aloud", "a training sentence is fine here", "another fine line of text", "more training speech is fine too"])),
                "c": ("pkg-c", lambda: iter([])),
            }
            with mock.patch.object(lm_text, "SOURCES", fake), mock.patch.object(lm_text, "HERE", work / "nowhere"):
                summary = lm_text.build_collection(work)
            kept = (work / "lm" / "collection.txt").read_text().split("\n")
            self.assertEqual([k for k in kept if k], ["a plain sentence of english", "a training sentence is fine here", "another fine line of text", "more training speech is fine too"])
            self.assertEqual(summary["sources"]["a"], {"package": "pkg-a", "sentences": 1, "words": 5, "duplicates": 1, "droppedForOverlap": 1})
            self.assertEqual(summary["sources"]["b"]["droppedForOverlap"], 1)
            self.assertEqual(summary["sources"]["c"]["sentences"], 0)
            self.assertEqual(summary["overlapBefore"]["linesSharingA4gram"], 2)
            self.assertEqual(summary["evaluation"]["sentences"], 2)
            self.assertEqual(summary["overlapAfter"]["linesSharingA4gram"], 0)
            self.assertEqual(json.loads((work / "lm" / "collection.json").read_text())["words"], summary["words"])

    def test_per_source_cap(self):
        with tempfile.TemporaryDirectory() as d:
            work = Path(d)
            fake = {"a": ("pkg-a", lambda: iter(f"sentence number {i} of many" for i in range(100)))}
            with mock.patch.object(lm_text, "SOURCES", fake), mock.patch.object(lm_text, "HERE", work / "nowhere"):
                summary = lm_text.build_collection(work, per_source=7)
            self.assertEqual(summary["sentences"], 7)


if __name__ == "__main__":
    unittest.main()
