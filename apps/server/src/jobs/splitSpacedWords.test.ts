import { describe, expect, it } from 'vitest';
import { splitSpacedWords } from './splitSpacedWords.ts';

describe('splitSpacedWords', () => {
  it('makes one word per part, sharing the time evenly and keeping the other fields', () => {
    const words = [
      { text: 'take', start: 0, end: 0.5, confidence: 0.9 },
      { text: '2.5  mg', start: 1, end: 2, confidence: 0.7, origin: 'plugin:medical' as const },
      { text: ' daily ', start: 2, end: 2.5, confidence: 0.8 },
    ];
    expect(splitSpacedWords(words)).toEqual([
      { text: 'take', start: 0, end: 0.5, confidence: 0.9 },
      { text: '2.5', start: 1, end: 1.5, confidence: 0.7, origin: 'plugin:medical' },
      { text: 'mg', start: 1.5, end: 2, confidence: 0.7, origin: 'plugin:medical' },
      { text: 'daily', start: 2, end: 2.5, confidence: 0.8 },
    ]);
  });

  it('passes words without spaces through as the same objects', () => {
    const words = [{ text: 'hello', start: 0, end: 1, confidence: 1 }];
    expect(splitSpacedWords(words)[0]).toBe(words[0]);
  });
});
