import { describe, expect, it } from 'vitest';
import { matchPhrase } from './matchPhrase.ts';

const words = ['Take', 'five', 'MILLIGRAMS', 'of', 'it'].map((text) => ({ text }));

describe('matchPhrase', () => {
  it('matches word sequences case-insensitively at an index', () => {
    expect(matchPhrase(words, 1, ['five', 'milligrams'])).toBe(true);
    expect(matchPhrase(words, 0, ['take', 'FIVE'])).toBe(true);
    expect(matchPhrase(words, 0, ['five', 'milligrams'])).toBe(false);
    expect(matchPhrase(words, 1, 'five  milligrams of')).toBe(true);
  });

  it('is false past the end, for an empty phrase and for bad indices', () => {
    expect(matchPhrase(words, 4, ['it', 'is'])).toBe(false);
    expect(matchPhrase(words, 0, [])).toBe(false);
    expect(matchPhrase(words, -1, ['take'])).toBe(false);
    expect(matchPhrase(words, 1.5, ['five'])).toBe(false);
  });

  it('compares whole words, not prefixes', () => {
    expect(matchPhrase(words, 1, ['fiv'])).toBe(false);
    expect(matchPhrase(words, 1, ['fivefold'])).toBe(false);
  });
});
