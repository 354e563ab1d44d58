import { describe, expect, it } from 'vitest';
import { wordsFromText } from './wordsFromText.ts';

describe('wordsFromText', () => {
  it('spaces words evenly from a start time', () => {
    expect(wordsFromText(' take  five\nmilligrams ', { start: 1, step: 0.4 })).toEqual([
      { text: 'take', start: 1, end: 1.4, confidence: 0.9 },
      { text: 'five', start: 1.4, end: 1.8, confidence: 0.9 },
      { text: 'milligrams', start: 1.8, end: 2.2, confidence: 0.9 },
    ]);
  });

  it('takes confidences per word and an origin', () => {
    const words = wordsFromText('a b c', { confidence: [0.1, 0.2], origin: 'asr' });
    expect(words.map((w) => w.confidence)).toEqual([0.1, 0.2, 0.9]);
    expect(words.every((w) => w.origin === 'asr')).toBe(true);
    expect(wordsFromText('')).toEqual([]);
    expect(() => wordsFromText('a', { step: -1 })).toThrow(RangeError);
  });
});
