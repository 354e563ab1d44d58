import { describe, expect, it } from 'vitest';
import { transcriptText, transcriptWords, wordsText, type Segment, type Transcript, type Word } from './transcript.ts';

const word = (text: string, start: number, end = start + 0.3): Word => ({ text, start, end, confidence: 0.9 });
const transcript = (segments: Segment[]): Transcript => ({
  language: 'en',
  duration: 10,
  segments,
  model: { id: 'test', version: '1.0.0', sha256: '0'.repeat(64) },
  plugins: [],
});

describe('transcriptWords', () => {
  it('flattens segments in order and keeps the word objects', () => {
    const a = word('a', 0);
    const b = word('b', 1);
    const c = word('c', 2);
    const words = transcriptWords(transcript([{ start: 0, end: 1.3, words: [a, b] }, { start: 2, end: 2.3, words: [] }, { start: 2, end: 2.3, words: [c] }]));
    expect(words).toEqual([a, b, c]);
    expect(words[0]).toBe(a);
  });

  it('gives an empty list for an empty transcript', () => {
    expect(transcriptWords(transcript([]))).toEqual([]);
  });
});

describe('wordsText', () => {
  it('joins words with single spaces, collapsing whitespace and skipping empty words', () => {
    expect(wordsText([word(' Hello ', 0), word('', 1), word('new\n york', 2), word('   ', 3), word('!', 4)])).toBe('Hello new york !');
  });

  it('keeps unicode text as is', () => {
    expect(wordsText([word('Grüße', 0), word('日本語', 1), word('👋🏽', 2)])).toBe('Grüße 日本語 👋🏽');
  });
});

describe('transcriptText', () => {
  it('puts one line per segment and leaves out segments without text', () => {
    const t = transcript([
      { start: 0, end: 1, words: [word('Hello', 0), word('there.', 0.5)] },
      { start: 1, end: 1, words: [word(' ', 1)] },
      { speaker: 'B', start: 2, end: 3, words: [word('General', 2), word('Kenobi.', 2.5)] },
    ]);
    expect(transcriptText(t)).toBe('Hello there.\nGeneral Kenobi.');
  });

  it('is empty for an empty transcript and a single word for one word', () => {
    expect(transcriptText(transcript([]))).toBe('');
    expect(transcriptText(transcript([{ start: 0, end: 0, words: [word('one', 0, 0)] }]))).toBe('one');
  });
});
