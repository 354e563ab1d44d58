import { describe, expect, it } from 'vitest';
import { scoreWords } from './scoreWords.ts';

describe('scoreWords', () => {
  it('counts substitutions, deletions and insertions and marks the hypothesis words that were right', () => {
    // ref:  the cat sat on the mat
    // hyp:  the hat sat the mat today  → sub cat→hat, del on, ins today
    const score = scoreWords(['The', 'cat', 'sat', 'on', 'the', 'mat.'], ['the', 'hat', 'sat', 'the', 'mat', 'today']);
    expect(score.words).toEqual({ errors: 3, total: 6, rate: 0.5, substitutions: 1, deletions: 1, insertions: 1 });
    expect(score.correct).toEqual([true, false, true, true, true, false]);
    expect(score.edits).toEqual([
      { said: 'hat', meant: 'cat', edits: 1 },
      { said: '', meant: 'on', edits: 1 },
      { said: 'today', meant: '', edits: 1 },
    ]);
  });

  it('gives CER over the normalised texts, spaces included', () => {
    // "cat" vs "hat": one substitution in 3 characters.
    expect(scoreWords(['cat'], ['hat']).chars).toMatchObject({ errors: 1, total: 3, substitutions: 1 });
    // "a b" (3 chars) vs "ab" (2): one deleted space.
    expect(scoreWords(['a', 'b'], ['ab']).chars).toMatchObject({ errors: 1, total: 3, deletions: 1 });
  });

  it('scores a word that normalises to several tokens as right only when all are, and leaves punctuation unscored', () => {
    const score = scoreWords(['u.s.', 'army'], ['U.S.', '—', 'armies']);
    expect(score.referenceTokens).toEqual(['u', 's', 'army']);
    expect(score.hypothesisTokens).toEqual(['u', 's', 'armies']);
    expect(score.correct).toEqual([true, null, false]);
    expect(score.words.rate).toBeCloseTo(1 / 3, 12);
  });

  it('joins consecutive edits into one phrase', () => {
    const score = scoreWords(['new', 'york', 'city'], ['knew', 'your', 'city']);
    expect(score.edits).toEqual([{ said: 'knew your', meant: 'new york', edits: 2 }]);
  });

  it('handles empty sides', () => {
    expect(scoreWords([], []).words.rate).toBe(0);
    expect(scoreWords([], ['uh']).words.rate).toBe(Infinity);
    expect(scoreWords(['yes'], []).words).toMatchObject({ deletions: 1, rate: 1 });
  });
});
