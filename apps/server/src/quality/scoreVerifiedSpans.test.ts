import type { Segment } from '@verbatim/core';
import type { TranscriptDocTurn } from '@verbatim/core/document';
import { describe, expect, it } from 'vitest';
import { mergeSpans, scoreVerifiedSpans } from './scoreVerifiedSpans.ts';

const docTurn = (speaker: string, words: Array<[string, number, number]>): TranscriptDocTurn => ({
  speaker,
  start: words[0]?.[1] ?? 0,
  words: words.map(([text, start, end]) => ({ text, start, end, confidence: 1, origin: 'asr', reviewed: false })),
});

const segment = (words: Array<[string, number, number, number]>): Segment => ({
  start: words[0]![1],
  end: words[words.length - 1]![2],
  words: words.map(([text, start, end, confidence]) => ({ text, start, end, confidence })),
});

describe('mergeSpans', () => {
  it('merges overlapping and touching spans and keeps the latest verification', () => {
    expect(
      mergeSpans([
        { startMs: 500, endMs: 900, at: 3 },
        { startMs: 0, endMs: 500, at: 1 },
        { startMs: 2000, endMs: 3000, at: 2 },
      ]),
    ).toEqual([
      { startMs: 0, endMs: 900, at: 3 },
      { startMs: 2000, endMs: 3000, at: 2 },
    ]);
  });
});

describe('scoreVerifiedSpans', () => {
  const turns = [
    docTurn('Ada', [['hello', 0, 0.4], ['there', 0.5, 0.9]]),
    docTurn('Bob', [['good', 1.0, 1.4], ['morning', 1.5, 1.9]]),
  ];
  const original = [segment([['hello', 0, 0.4, 0.9], ['their', 0.5, 0.9, 0.4], ['good', 1.0, 1.4, 0.8], ['mourning', 1.5, 1.9, 0.3], ['uh', 2.5, 2.7, 0.2]])];

  it('aligns the words inside a span per turn, machine words going to the turn whose time they lie in', () => {
    const units = scoreVerifiedSpans(turns, original, [{ startMs: 0, endMs: 2000, at: 7 }]);
    expect(units.map((u) => [u.span, u.speaker, u.verifiedAt, u.words.total, u.words.errors])).toEqual([
      [0, 'Ada', 7, 2, 1],
      [0, 'Bob', 7, 2, 1],
    ]);
    expect(units[0]!.confidences).toEqual([0.9, 0.4]);
    expect(units[0]!.correct).toEqual([true, false]);
    expect(units[1]!.edits).toEqual([{ said: 'mourning', meant: 'morning', edits: 1 }]);
  });

  it('counts only words whose middle lies inside a span, and a machine word outside every turn goes to the nearest', () => {
    // 0.6-2.8 s: "there" (middle 0.7), both of Bob's words, and the machine's "uh" (middle 2.6) after Bob's turn
    const units = scoreVerifiedSpans(turns, original, [{ startMs: 600, endMs: 2800, at: 1 }]);
    expect(units.map((u) => [u.speaker, u.words.total, u.words.substitutions, u.words.insertions])).toEqual([
      ['Ada', 1, 1, 0],
      ['Bob', 2, 1, 1],
    ]);
  });

  it('scores a span the reviewers emptied as all insertions, and skips a span with no words at all', () => {
    const units = scoreVerifiedSpans([], original, [
      { startMs: 2400, endMs: 2800, at: 1 },
      { startMs: 5000, endMs: 6000, at: 1 },
    ]);
    expect(units.map((u) => [u.speaker, u.words.total, u.words.insertions, u.correct])).toEqual([['', 0, 1, [false]]]);
  });
});
