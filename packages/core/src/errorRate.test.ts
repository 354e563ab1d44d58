import { describe, expect, it } from 'vitest';
import { charErrorRate, wordErrorRate } from './errorRate.ts';
import { ScoringError } from './ScoringError.ts';

describe('wordErrorRate', () => {
  it('counts substitutions, insertions and deletions against the reference length', () => {
    expect(wordErrorRate(['the big cat sat on the mat'], ['the cat sit on the mat today'])).toEqual({
      errors: 3,
      total: 7,
      rate: 3 / 7,
      substitutions: 1,
      insertions: 1,
      deletions: 1,
    });
  });

  it('normalises case and punctuation by default, and can compare as given', () => {
    expect(wordErrorRate(['Hello, world!'], ['hello world']).errors).toBe(0);
    expect(wordErrorRate(['Hello, world!'], ['hello world'], { normalize: false }).substitutions).toBe(2);
    expect(wordErrorRate(['colour'], ['color'], { normalize: (s) => s.replace('colour', 'color') }).errors).toBe(0);
  });

  it('sums edits over utterances', () => {
    const r = wordErrorRate(['a b c', 'd e', ''], ['a b c', 'd', 'f']);
    expect(r).toMatchObject({ errors: 2, total: 5, deletions: 1, insertions: 1 });
    expect(r.rate).toBeCloseTo(0.4, 12);
  });

  it('handles an empty reference or hypothesis', () => {
    expect(wordErrorRate([], [])).toMatchObject({ errors: 0, total: 0, rate: 0 });
    expect(wordErrorRate([''], [''])).toMatchObject({ errors: 0, total: 0, rate: 0 });
    expect(wordErrorRate([''], ['a b'])).toMatchObject({ errors: 2, total: 0, rate: Infinity, insertions: 2 });
    expect(wordErrorRate(['a b c'], [''])).toMatchObject({ errors: 3, total: 3, rate: 1, deletions: 3 });
    expect(wordErrorRate(['...'], ['a'])).toMatchObject({ total: 0, insertions: 1 });
  });

  it('can exceed 1 when the hypothesis has many extra words', () => {
    expect(wordErrorRate(['a'], ['x y z']).rate).toBe(3);
  });

  it('scores a 5,000-word transcript', () => {
    const ref = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919) % 1000}`);
    const hyp = ref.map((w, i) => (i % 10 === 0 ? 'x' : w)).filter((_, i) => i % 37 !== 0);
    // 500 words replaced, 136 dropped, 14 of them the same words.
    expect(wordErrorRate([ref.join(' ')], [hyp.join(' ')])).toMatchObject({ total: 5000, errors: 622, substitutions: 486, deletions: 136, insertions: 0 });
  });

  it('refuses lists of different lengths and texts that are not strings', () => {
    expect(() => wordErrorRate(['a'], [])).toThrow(ScoringError);
    expect(() => wordErrorRate(['a', 'b'], ['a'])).toThrow(/one hypothesis per reference \(got 2 references and 1 hypotheses\)/);
    expect(() => wordErrorRate(['a'], [undefined as unknown as string])).toThrow(/hypothesis at index 0 is not a string/);
  });
});

describe('charErrorRate', () => {
  it('counts characters, spaces between words included', () => {
    expect(charErrorRate(['abc'], ['abd'])).toMatchObject({ errors: 1, total: 3, substitutions: 1 });
    expect(charErrorRate(['ab cd'], ['abcd'])).toMatchObject({ errors: 1, total: 5, deletions: 1 });
  });

  it('counts user-perceived characters in any script', () => {
    expect(charErrorRate(['日本語'], ['日本'])).toMatchObject({ errors: 1, total: 3 });
    expect(charErrorRate(['cafe\u0301'], ['cafe'])).toMatchObject({ errors: 1, total: 4, substitutions: 1 });
    expect(charErrorRate(['👩‍👩‍👧'], ['👩‍👩‍👧'])).toMatchObject({ errors: 0, total: 1 });
  });

  it('handles empty sides', () => {
    expect(charErrorRate([''], ['ab'])).toMatchObject({ errors: 2, total: 0, rate: Infinity });
    expect(charErrorRate(['ab'], [''])).toMatchObject({ errors: 2, total: 2, rate: 1 });
  });
});
