import unittest

from verbatim_recipe.slices import (SECTION, error_rate_interval, largest_disparity, replace_section, slice_table,
                                    slices_markdown, voice_attributes)

SCOTTISH_MALE = "espeak:en-gb-scotland+m3"
US_FEMALE = "flite:slt"

def group(table, key):
    return next(g for g in table["groups"] if g["key"] == key)


class VoiceAttributesTest(unittest.TestCase):
    def test_declared_from_the_voice_definitions(self):
        self.assertEqual(voice_attributes(SCOTTISH_MALE),
                         {"accent": "Scottish English", "gender": "male", "synthesiser": "espeak-ng", "voice": SCOTTISH_MALE})
        self.assertEqual(voice_attributes(US_FEMALE),
                         {"accent": "US English", "gender": "female", "synthesiser": "flite", "voice": US_FEMALE})

    def test_what_is_not_declared_is_unspecified(self):
        # espeak-ng's klatt variant file has no gender line; an unknown accent and an unknown synthesiser stay unknown
        self.assertEqual(voice_attributes("espeak:en-us+klatt")["gender"], "unspecified")
        self.assertEqual(voice_attributes("espeak:en-xx+f2"), {"accent": "unspecified", "gender": "female",
                                                               "synthesiser": "espeak-ng", "voice": "espeak:en-xx+f2"})
        self.assertEqual(voice_attributes("piper:amy"), {"accent": "unspecified", "gender": "unspecified",
                                                         "synthesiser": "unspecified", "voice": "piper:amy"})
        self.assertEqual(voice_attributes("")["voice"], "unspecified")


class ErrorRateIntervalTest(unittest.TestCase):
    def test_core_doc_example(self):
        # packages/core/src/quality/errorRateInterval.ts: rate 0.2, +- 1.96 * 0.1
        iv = error_rate_interval([(1, 10), (3, 10)])
        self.assertAlmostEqual(iv["lower"], 0.2 - 1.959963984540054 * 0.1, places=12)
        self.assertAlmostEqual(iv["upper"], 0.2 + 1.959963984540054 * 0.1, places=12)

    def test_clipped_at_zero_and_none_below_two_clusters(self):
        iv = error_rate_interval([(0, 5), (2, 5)])  # R 0.2, squares 2, half = z * sqrt(2 * 2) / 10
        self.assertEqual(iv["lower"], 0.0)
        self.assertAlmostEqual(iv["upper"], 0.2 + 1.959963984540054 * 0.2, places=12)
        self.assertIsNone(error_rate_interval([(3, 10)]))
        self.assertIsNone(error_rate_interval([(3, 10), (0, 0)]))  # a unit without words is no cluster
        with self.assertRaises(ValueError):
            error_rate_interval([(-1, 10), (1, 10)])


class DisparityTest(unittest.TestCase):
    def s(self, value, rate, words=200):
        return {"value": value, "rate": rate, "wer": rate, "words": words}

    def test_worst_over_best_among_slices_with_enough_words(self):
        d = largest_disparity([self.s("a", 0.1), self.s("b", 0.3, 150), self.s("c", 0.9, 99)], 100)
        self.assertEqual((d["worst"], d["best"], d["warning"]), ("b", "a", True))
        self.assertAlmostEqual(d["ratio"], 3.0)
        self.assertIsNone(largest_disparity([self.s("a", 0.1), self.s("c", 0.9, 99)], 100))

    def test_warning_only_above_the_ratio_and_for_an_unbounded_gap(self):
        self.assertFalse(largest_disparity([self.s("a", 0.5), self.s("b", 0.75)])["warning"])  # exactly 1.5
        self.assertTrue(largest_disparity([self.s("a", 0.5), self.s("b", 0.76)])["warning"])
        same = largest_disparity([self.s("a", 0.0), self.s("b", 0.0)])
        self.assertEqual((same["ratio"], same["warning"]), (1.0, False))
        unbounded = largest_disparity([self.s("a", 0.0), self.s("b", 0.1)])
        self.assertEqual((unbounded["worst"], unbounded["ratio"], unbounded["warning"]), ("b", None, True))


class SliceTableTest(unittest.TestCase):
    utts = [
        {"voice": SCOTTISH_MALE, "ref": "a b c d e", "hyp": "a b c d e"},  # 0 errors
        {"voice": SCOTTISH_MALE, "ref": "a b c d e", "hyp": "a x c d"},  # substitution + deletion: 2
        {"voice": US_FEMALE, "ref": "a b c d e", "hyp": "a b x d e f"},  # substitution + insertion: 2
        {"voice": US_FEMALE, "ref": "a b c d e", "hyp": "x y z d e"},  # 3 substitutions: 3
    ]

    def test_exact_table_on_a_hand_made_set(self):
        table = slice_table(self.utts, min_words=10)
        accent = group(table, "accent")
        self.assertEqual([s["value"] for s in accent["slices"]], ["Scottish English", "US English"])
        scot, us = accent["slices"]
        self.assertEqual((scot["utterances"], scot["words"], scot["errors"], scot["wer"]), (2, 10, 2, 0.2))
        self.assertEqual((us["utterances"], us["words"], us["errors"], us["wer"]), (2, 10, 5, 0.5))
        z = 1.959963984540054
        # Scottish: R 0.2, squares (0-1)^2 + (2-1)^2 = 2, half = z * sqrt(2 * 2) / 10
        self.assertEqual(scot["interval"], {"lower": 0.0, "upper": round(0.2 + z * 0.2, 4)})
        # US: R 0.5, squares (2-2.5)^2 + (3-2.5)^2 = 0.5, half = z * sqrt(2 * 0.5) / 10
        self.assertEqual(us["interval"], {"lower": round(0.5 - z * 0.1, 4), "upper": round(0.5 + z * 0.1, 4)})
        self.assertEqual(accent["disparity"], {"worst": "US English", "best": "Scottish English", "ratio": 2.5, "warning": True})
        self.assertEqual(group(table, "gender")["disparity"]["worst"], "female")
        self.assertEqual([s["value"] for s in group(table, "synthesiser")["slices"]], ["espeak-ng", "flite"])
        self.assertEqual([s["value"] for s in group(table, "voice")["slices"]], [SCOTTISH_MALE, US_FEMALE])

    def test_slices_under_min_words_are_measured_but_not_compared(self):
        table = slice_table(self.utts)  # the server's default: 100 words
        self.assertEqual(table["minWords"], 100)
        self.assertIsNone(group(table, "accent")["disparity"])
        self.assertEqual(group(table, "accent")["slices"][1]["wer"], 0.5)

    def test_card_section_renders_and_replaces_itself(self):
        sets = {"test_clean": {"wer": 0.35, "slices": slice_table(self.utts, min_words=10)}, "dev": {"wer": 0.3}}
        section = slices_markdown(sets, "source line")
        self.assertTrue(section.startswith(SECTION))
        self.assertIn("| US English | 2 | 10 | 50.0% | 30.4% to 69.6% |", section)
        self.assertIn("Largest disparity: US English / Scottish English = 2.50x -- **above the warning ratio**.", section)
        self.assertIn("Quality dashboard", section)
        card = "# m\n\n## Results\nx\n\n## Decoding with the word language model\ny\n"
        once = replace_section(card, section)
        self.assertLess(once.index(SECTION), once.index("## Decoding with"))
        self.assertEqual(replace_section(once, section), once)
        self.assertEqual(slices_markdown({"dev": {"wer": 0.3}}), "")


if __name__ == "__main__":
    unittest.main()
