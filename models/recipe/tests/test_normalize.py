import unittest

from verbatim_recipe.normalize import check_vocab, normalize_text, number_to_words, ordinal_to_words, year_to_words


class NormalizeTest(unittest.TestCase):
    def test_numbers(self):
        self.assertEqual(number_to_words(0), "zero")
        self.assertEqual(number_to_words(15), "fifteen")
        self.assertEqual(number_to_words(1204), "one thousand two hundred four")
        self.assertEqual(number_to_words(3_000_017), "three million seventeen")
        self.assertEqual(ordinal_to_words(21), "twenty first")
        self.assertEqual(ordinal_to_words(40), "fortieth")
        self.assertEqual(year_to_words(1984), "nineteen eighty four")
        self.assertEqual(year_to_words(2005), "two thousand five")
        self.assertEqual(year_to_words(1905), "nineteen oh five")

    def test_sentences(self):
        self.assertEqual(
            normalize_text("Take 5mg at 10:30 -- 50% of 1,200 patients (1990s)."),
            "take five mg at ten thirty fifty percent of one thousand two hundred patients nineteen nineties",
        )
        self.assertEqual(normalize_text("It's $3.50 & 'quoted'"), "it's three dollars fifty and quoted")
        self.assertEqual(normalize_text("Café naïve"), "cafe naive")

    def test_output_is_in_vocabulary(self):
        for raw in ["Hello, World! #1 @home", "ÀÉÎ 3.14 +/- 2", "<tag> {x} [y] ~z~"]:
            self.assertIsNone(check_vocab(normalize_text(raw)), raw)

    def test_check_vocab_points_at_the_bad_character(self):
        self.assertEqual(check_vocab("fine text"), None)
        self.assertEqual(check_vocab("bad Text"), 4)


if __name__ == "__main__":
    unittest.main()
