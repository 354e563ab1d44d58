import { describe, expect, it } from 'vitest';
import { acronymRules } from './acronymRules.ts';
import { createPhraseRewriter } from './createPhraseRewriter.ts';
import { wordsFromText } from './testing/wordsFromText.ts';

const texts = (r: { words: { text: string }[] }) => r.words.map((w) => w.text).join(' ');

describe('acronymRules', () => {
  it('says the letters and the word, and the plurals when asked', () => {
    expect(acronymRules('eGFR')).toEqual([{ say: 'e g f r', write: 'eGFR' }, { say: 'egfr', write: 'eGFR' }]);
    expect(acronymRules('RCT', { plural: true })).toEqual([
      { say: 'r c t', write: 'RCT' },
      { say: 'rct', write: 'RCT' },
      { say: 'r c ts', write: 'RCTs' },
      { say: 'rcts', write: 'RCTs' },
    ]);
    expect(acronymRules('PET', { word: false, plural: true })).toEqual([{ say: 'p e t', write: 'PET' }, { say: 'p e ts', write: 'PETs' }]);
  });

  it('covers the letters, the word and the plural in a rewriter', () => {
    const rewrite = createPhraseRewriter([...acronymRules('eGFR'), ...acronymRules('RCT', { plural: true }), ...acronymRules('TIA', { word: false })]);
    expect(texts(rewrite(wordsFromText('egfr e g f r rcts r c ts r c t t i a tia')))).toBe('eGFR eGFR RCTs RCTs RCT TIA tia');
  });

  it('refuses what cannot be said letter by letter', () => {
    for (const bad of ['', 'A', 'A&E', 'HbA1c', 'A B']) expect(() => acronymRules(bad), bad).toThrow(RangeError);
  });
});
