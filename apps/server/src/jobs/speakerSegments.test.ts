import { describe, expect, it } from 'vitest';
import type { Segment, Word } from '@verbatim/core';
import { speakerSegments } from './speakerSegments.ts';

const w = (text: string, start: number, end = start + 0.4): Word => ({ text, start, end, confidence: 0.9 });
const turn = (speaker: string, words: Word[]): Segment => ({ speaker, start: words[0]!.start, end: words.at(-1)!.end, words });

describe('speakerSegments', () => {
  const turns = [turn('Speaker 1', [w('Hello.', 0), w('How', 0.5), w('are', 1), w('you?', 1.5)]), turn('Speaker 2', [w('Fine,', 2.5), w('thanks.', 3)])];

  it("labels each word with the speaker of the turn its middle falls in, every word once and in order", () => {
    // a plugin merged "fine thanks" into one word over both times; it keeps the speaker of that audio
    const words = [w('Hello.', 0), w('How', 0.5), w('are', 1), w('you?', 1.5), w('Fine-thanks.', 2.5, 3.4)];
    const segments = speakerSegments(words, turns);
    expect(segments.map((s) => s.speaker)).toEqual(['Speaker 1', 'Speaker 2']);
    expect(segments.flatMap((s) => s.words)).toEqual(words);
  });

  it('takes the nearest turn for a word between turns, and plain paragraphs without speakers', () => {
    const words = [w('Hello.', 0), w('um', 2.1, 2.3), w('Fine,', 2.5)];
    expect(speakerSegments(words, turns).map((s) => [s.speaker, s.words.map((x) => x.text)])).toEqual([['Speaker 1', ['Hello.']], ['Speaker 2', ['um', 'Fine,']]]);
    expect(speakerSegments(words, []).every((s) => s.speaker === undefined)).toBe(true);
  });
});
