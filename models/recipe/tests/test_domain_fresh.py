import random
import unittest

from verbatim_recipe.domain import DOMAINS, domain_sentences, fresh_domain_sentences, template_pattern
from verbatim_recipe.normalize import check_vocab


class FreshDomainSentencesTest(unittest.TestCase):
    """The out-of-template domain set must really be out of template: the LM's adaptation text comes from the templates."""

    def test_the_pattern_matches_what_the_templates_generate(self):
        for d in DOMAINS:
            pattern = template_pattern(d)
            for s in domain_sentences(d, 300, random.Random(d)):
                self.assertRegex(s, pattern)

    def test_no_fresh_sentence_fits_a_template(self):
        patterns = [template_pattern(d) for d in DOMAINS]
        for domain, s in fresh_domain_sentences():
            for p in patterns:
                self.assertIsNone(p.match(s), f"{domain}: {s!r} is one of the templates' sentences")

    def test_enough_speakable_distinct_sentences_in_every_domain(self):
        fresh = fresh_domain_sentences()
        self.assertEqual(len({s for _, s in fresh}), len(fresh))
        for d in DOMAINS:
            self.assertGreaterEqual(sum(1 for domain, _ in fresh if domain == d), 15, d)
        for _, s in fresh:
            self.assertIsNone(check_vocab(s), s)


if __name__ == "__main__":
    unittest.main()
