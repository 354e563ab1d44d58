import type { PluginWord } from '@verbatim/plugin-sdk';
import { checkDisplayAs, checkPostProcessing, checkVocabulary, loadPluginForTest, type PluginUnderTest, wordsFromText } from '@verbatim/plugin-sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE_DIR = new URL('..', import.meta.url).pathname;
const SPOKEN_LINE = /^[a-z']+(?: [a-z']+)*$/u;
let plugin: PluginUnderTest;

beforeAll(async () => {
  plugin = await loadPluginForTest(PACKAGE_DIR);
});
afterAll(async () => {
  await plugin.dispose();
});

const text = (r: { words: readonly PluginWord[] }) => r.words.map((w) => w.text).join(' ');
const terms = (words: readonly PluginWord[]) => plugin.postProcess('social.terms', words);

describe('social-science plugin', () => {
  it('declares its contributions in the manifest', () => {
    expect(plugin.manifest.id).toBe('social');
    expect(plugin.manifest.contributes.vocabularies.map((v) => v.id)).toEqual(['social.vocabulary']);
    expect(plugin.manifest.contributes.postProcessors.map((p) => p.id)).toEqual(['social.terms']);
    expect(plugin.logs.filter((l) => l.level === 'warn')).toEqual([]);
  });

  describe('vocabulary', () => {
    it('compiles for the bundled model without a problem', async () => {
      const entries = await plugin.vocabulary('social.vocabulary');
      expect(entries.length).toBeGreaterThanOrEqual(400);
      expect(await checkVocabulary(entries)).toEqual({ ok: true, problems: [] });
    });

    it('spells every phrase in the spoken alphabet, once', async () => {
      const entries = await plugin.vocabulary('social.vocabulary');
      const phrases = entries.map((e) => e.phrase);
      expect(phrases.filter((p) => !SPOKEN_LINE.test(p))).toEqual([]);
      expect(phrases.filter((p, i) => phrases.indexOf(p) !== i)).toEqual([]);
      expect(entries.filter((e) => e.displayAs === e.phrase || e.soundsLike?.includes(e.phrase))).toEqual([]);
    });

    it('writes every displayAs form the post-processor writes, so both paths give the same text', async () => {
      expect(await checkDisplayAs(plugin, 'social.vocabulary')).toEqual({ ok: true, problems: [] });
    });
  });

  describe('domain text', () => {
    it('has at least 300 sentences in the model alphabet, none twice', async () => {
      const lines = (await plugin.domainText('social.vocabulary'))!.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(300);
      expect(lines.filter((l) => !SPOKEN_LINE.test(l))).toEqual([]);
      expect(lines.filter((l, i) => lines.indexOf(l) !== i)).toEqual([]);
    });
  });

  describe('social.terms', () => {
    it.each([
      ['the p value was small', 'the p-value was small'],
      ['report the p values', 'report the p-values'],
      ['the gini coefficient rose', 'the Gini coefficient rose'],
      ['forty semi structured interviews', 'forty semi-structured interviews'],
      ['a cross sectional survey', 'a cross-sectional survey'],
      ['a difference in differences design', 'a difference-in-differences design'],
      ['the r c t and two rcts', 'the RCT and two RCTs'],
      ['a t test and a chi square test', 'a t-test and a chi-square test'],
      ['the r squared is low', 'the R-squared is low'],
      ['a type one error', 'a type I error'],
      ['in depth interviews with claimants', 'in-depth interviews with claimants'],
      ['bourdieu\'s habitus and foucault', "Bourdieu's habitus and Foucault"],
      ['coded in n vivo and atlas ti', 'coded in NVivo and ATLAS.ti'],
      ['approved by the irb', 'approved by the IRB'],
      ['zero hours contracts', 'zero-hours contracts'],
      ['a likert scale and cronbach\'s alpha', "a Likert scale and Cronbach's alpha"],
      ['two stage least squares', 'two-stage least squares'],
      ['ordinary least squares or o l s', 'ordinary least squares or OLS'],
    ])('%s → %s', async (input, expected) => {
      expect(text(await terms(wordsFromText(input)))).toBe(expected);
    });

    it.each([
      'we explored the topic in depth',
      'we met face to face last week',
      'as well being honest about it',
      'in work and at home',
      'the weather was lovely on the day of the interview',
    ])('leaves "%s" alone', async (input) => {
      const words = wordsFromText(input);
      expect(await terms(words)).toEqual({ words, changes: [] });
    });

    it('records merged words over the span they replace', async () => {
      const result = await terms(wordsFromText('a difference in differences model', { start: 10, step: 0.2 }));
      expect(result.changes).toEqual([{ from: 1, fromEnd: 4, to: 1, toEnd: 2, before: 'difference in differences', after: 'difference-in-differences' }]);
      expect(result.words.map((w) => [w.text, w.start, w.end])).toEqual([
        ['a', 10, 10.2],
        ['difference-in-differences', 10.2, 10.8],
        ['model', 10.8, 11],
      ]);
    });

    it('is case-insensitive on input, idempotent and keeps timings', async () => {
      const check = await checkPostProcessing(plugin, wordsFromText('The P Value from the Semi Structured interviews and the Gini Coefficient'));
      // only the words of a pattern change: "Coefficient" is not part of the "gini" rule
      expect(text(check)).toBe('The p-value from the semi-structured interviews and the Gini Coefficient');
      expect(check.problems).toEqual([]);
    });
  });
});
