import { describe, expect, it } from 'vitest';
import { adaptLanguageModel } from './adaptLanguageModel.ts';
import { estimateNgramModel } from './estimateNgramModel.ts';
import { InterpolatedLanguageModel } from './InterpolatedLanguageModel.ts';
import { DOMAIN_TEXT_LIMITS, normalizeDomainText } from './normalizeDomainText.ts';

const base = estimateNgramModel(['the cat sat on the mat', 'the dog sat', 'a cat ran on the road', 'we sat on the mat'], { order: 3 });

describe('adaptLanguageModel', () => {
  it('makes domain words known and likelier, and the result is still a distribution', () => {
    const lm = adaptLanguageModel(base, { texts: ['Take metformin twice daily.\nMetformin lowers glucose.'], vocabulary: [{ phrase: 'lisinopril' }] });
    expect(lm).toBeInstanceOf(InterpolatedLanguageModel);
    expect(lm.wordId('metformin')).not.toBe(lm.unkId);
    expect(lm.wordId('lisinopril')).not.toBe(lm.unkId);
    expect(base.wordId('metformin')).toBe(base.unkId);
    // the base's words keep their ids (what the decoder builds over them is reused), the domain's new ones follow
    expect(lm.baseWords).toBe(base.words);
    expect(lm.words.slice(0, base.words.length)).toEqual(base.words);
    expect(lm.wordId('cat')).toBe(base.wordId('cat'));
    expect(lm.wordId('metformin')).toBeGreaterThanOrEqual(base.words.length);
    expect(lm.wordId('warfarin')).toBe(lm.unkId);
    expect(lm.wordId('<unk>')).toBe(lm.unkId);
    // p(metformin | <s> take) rises above what the base gives any unknown word
    lm.score(lm.startState, lm.wordId('take'));
    const afterTake = lm.nextState;
    base.score(base.startState, base.unkId);
    expect(lm.score(afterTake, lm.wordId('metformin'))).toBeGreaterThan(base.score(base.nextState, base.unkId));
    // sums to one over the union vocabulary, from a few histories
    for (const history of [[], ['the'], ['take', 'metformin']]) {
      let s = lm.startState;
      for (const w of history) {
        lm.score(s, lm.wordId(w));
        s = lm.nextState;
      }
      let mass = 0;
      lm.words.forEach((w, i) => {
        if (w !== '<s>') mass += Math.exp(lm.score(s, i));
      });
      expect(mass).toBeCloseTo(1, 4);
    }
  });

  it('returns the base model itself when the domain input has no usable word', () => {
    expect(adaptLanguageModel(base, {})).toBe(base);
    expect(adaptLanguageModel(base, { texts: ['', '12345 !!!', '\u0000\u0007'] })).toBe(base);
  });

  it('rejects a weight outside (0, 1)', () => {
    expect(() => adaptLanguageModel(base, { texts: ['hello there'] }, { weight: 1 })).toThrow(/between 0 and 1/);
  });
});

describe('normalizeDomainText', () => {
  it('lower-cases, splits sentences, keeps letters and apostrophes, drops words with digits or symbols', () => {
    expect(normalizeDomainText(['Take Metformin twice-daily.\nThe p-value was small! Dose: 5mg, “OK”'])).toEqual([
      'take metformin twice daily',
      'the p value was small',
      'dose',
      'ok',
    ]);
    expect(normalizeDomainText(["It's Ruby’s gem"])).toEqual(["it's ruby's gem"]);
  });

  it('clips hostile text: megabytes of one word, endless lines, control characters', () => {
    const t0 = performance.now();
    const flood = normalizeDomainText([`${'spam '.repeat(2_000_000)}`, 'a\u0000b\u0007c d']);
    expect(performance.now() - t0).toBeLessThan(20_000); // a hang would time out the test, not this
    expect(flood.length).toBeLessThanOrEqual(DOMAIN_TEXT_LIMITS.repeats + 2);
    expect(flood.every((s) => s.split(' ').length <= DOMAIN_TEXT_LIMITS.sentenceWords)).toBe(true);
    expect(normalizeDomainText(['x'.repeat(100)])).toEqual([]);
    const lm = adaptLanguageModel(base, { texts: [`${'spam '.repeat(2_000_000)}`] });
    expect(lm.wordId('spam')).not.toBe(lm.unkId);
  });
});
