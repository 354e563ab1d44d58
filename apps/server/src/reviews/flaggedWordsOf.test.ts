import { describe, expect, it } from 'vitest';
import type { TranscriptDocTurn, TranscriptDocWord } from '@verbatim/core/document';
import { flaggedWordsOf } from './flaggedWordsOf.ts';

const word = (text: string, start: number, confidence: number, reviewed = false): TranscriptDocWord => ({
  text,
  start,
  end: start + 0.2,
  confidence,
  origin: 'asr',
  reviewed,
});

const TURNS: TranscriptDocTurn[] = [
  {
    speaker: 'Ada',
    start: 0,
    words: [word('the', 0, 0.9), word('quik', 0.3, 0.4), word('brown', 0.6, 0.95), word('focks', 0.9, 0.2, true), word('jumps', 1.2, 0.8), word('ovr', 1.5, 0.59)],
  },
  { speaker: 'Bob', start: 3, words: [word('yes', 3, 0.1)] },
];

describe('flaggedWordsOf', () => {
  it('flags unreviewed words below the threshold, with two words of context either side within the paragraph', () => {
    expect(flaggedWordsOf(TURNS, 0.6)).toEqual([
      { text: 'quik', start: 0.3, end: 0.5, confidence: 0.4, context: 'the quik brown focks' },
      { text: 'ovr', start: 1.5, end: 1.7, confidence: 0.59, context: 'focks jumps ovr' },
      { text: 'yes', start: 3, end: 3.2, confidence: 0.1, context: 'yes' },
    ]);
  });

  it('uses the threshold strictly and orders by start time', () => {
    expect(flaggedWordsOf(TURNS, 0.4).map((w) => w.text)).toEqual(['yes']);
    expect(flaggedWordsOf(TURNS, 0)).toEqual([]);
    expect(flaggedWordsOf(TURNS, 1).map((w) => w.text)).toEqual(['the', 'quik', 'brown', 'jumps', 'ovr', 'yes']);
    const shuffled: TranscriptDocTurn[] = [{ ...TURNS[1]! }, { ...TURNS[0]! }];
    expect(flaggedWordsOf(shuffled, 0.6).map((w) => w.start)).toEqual([0.3, 1.5, 3]);
  });
});
