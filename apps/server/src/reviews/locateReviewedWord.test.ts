import { describe, expect, it } from 'vitest';
import type { TranscriptDocWord } from '@verbatim/core/document';
import { locateReviewedWord, type ReviewClaim } from './locateReviewedWord.ts';
import { ReviewError } from './ReviewError.ts';

const word = (text: string, start: number, end: number): TranscriptDocWord => ({ text, start, end, confidence: 0.5, origin: 'asr', reviewed: false });
// "fox jumped" was typed over "focks": both words keep its leaf's times
const WORDS = [word('the', 0, 0.4), word('fox', 0.5, 0.9), word('jumped', 0.5, 0.9), word('over', 1, 1.4), word('over', 1.5, 1.9)];

function codeOf(claim: ReviewClaim): string {
  try {
    locateReviewedWord(WORDS, claim);
  } catch (error) {
    expect(error).toBeInstanceOf(ReviewError);
    return (error as ReviewError).code;
  }
  return 'ok';
}

describe('locateReviewedWord', () => {
  it('finds an accepted word by its exact span and text, returning the document times', () => {
    expect(locateReviewedWord(WORDS, { action: 'accept', start: 1e-9, end: 0.4, before: 'the', after: 'the' })).toEqual({ start: 0, end: 0.4 });
    expect(locateReviewedWord(WORDS, { action: 'accept', start: 0.5, end: 0.9, before: 'jumped', after: 'jumped' })).toEqual({ start: 0.5, end: 0.9 });
    expect(codeOf({ action: 'accept', start: 0.5, end: 0.9, before: 'fox', after: 'focks' })).toBe('review-text-mismatch');
    expect(codeOf({ action: 'accept', start: 0.5, end: 0.95, before: 'fox', after: 'fox' })).toBe('word-not-found');
    expect(codeOf({ action: 'accept', start: 1, end: 1.4, before: 'under', after: 'under' })).toBe('review-text-mismatch');
  });

  it('takes a correction whose span reads as its before or its after text', () => {
    const claim = { action: 'correct', start: 0.5, end: 0.9, before: 'focks', after: 'fox  jumped' } as const;
    expect(locateReviewedWord(WORDS, claim)).toEqual({ start: 0.5, end: 0.9 });
    expect(locateReviewedWord(WORDS, { action: 'correct', start: 1, end: 1.9, before: 'over over', after: 'over' })).toEqual({ start: 1, end: 1.9 });
    expect(codeOf({ ...claim, before: 'fax' , after: 'box' })).toBe('review-text-mismatch');
    expect(codeOf({ ...claim, before: 'fox jumped', after: ' fox jumped ' })).toBe('review-text-mismatch');
    expect(codeOf({ ...claim, start: 0.6 })).toBe('word-not-found');
    expect(codeOf({ ...claim, start: 1.5, end: 0.4 })).toBe('word-not-found');
  });

  it('takes a correction over several words, one that reaches into the gap beside them, and a deletion', () => {
    // "over over" became "over" (the span of both), and "the" was deleted
    const after = [word('fox', 0.5, 0.9), word('jumped', 0.5, 0.9), word('over', 1, 1.9)];
    expect(locateReviewedWord(after, { action: 'correct', start: 1, end: 1.9, before: 'over over', after: 'over' })).toEqual({ start: 1, end: 1.9 });
    // "jumped" was followed by a word typed into the gap after it (up to 1.0)
    const typed = [word('fox', 0.5, 0.9), word('jumped', 0.5, 0.9), word('high', 0.9, 1)];
    expect(locateReviewedWord(typed, { action: 'correct', start: 0.5, end: 1, before: 'focks', after: 'fox jumped high' })).toEqual({ start: 0.5, end: 1 });
    const deletion = { action: 'correct', start: 0, end: 0.4, before: 'the', after: '' } as const;
    expect(locateReviewedWord(WORDS, deletion)).toEqual({ start: 0, end: 0.4 });
    expect(locateReviewedWord(after, deletion, [{ start: 0, end: 0.4 }])).toEqual({ start: 0, end: 0.4 });
    // nothing was ever heard there
    expect(() => locateReviewedWord(after, deletion, [{ start: 0.5, end: 0.9 }])).toThrow(expect.objectContaining({ code: 'word-not-found' }));
    expect(() => locateReviewedWord(after, { ...deletion, before: 'x' })).toThrow(expect.objectContaining({ code: 'word-not-found' }));
  });
});
