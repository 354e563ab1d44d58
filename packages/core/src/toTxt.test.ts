import { describe, expect, it } from 'vitest';
import { toTxt } from './toTxt.ts';
import type { Segment, Transcript, Word } from './transcript.ts';
import { TranscriptError } from './TranscriptError.ts';

const word = (text: string, start: number, end = start + 0.3): Word => ({ text, start, end, confidence: 0.9 });
const transcript = (segments: Segment[]): Transcript => ({
  language: 'en',
  duration: 5000,
  segments,
  model: { id: 'test', version: '1', sha256: 'f'.repeat(64) },
  plugins: [],
});

const t = transcript([
  { speaker: 'Ana', start: 1.9, end: 3, words: [word('Hello', 1.9), word('there.', 2.5)] },
  { start: 4, end: 4, words: [] },
  { start: 3725.2, end: 3726, words: [word('Über', 3725.2), word('日本', 3725.6)] },
]);

describe('toTxt', () => {
  it('writes one paragraph per segment with speaker labels, leaving out empty segments', () => {
    expect(toTxt(t)).toBe('Ana: Hello there.\n\nÜber 日本\n');
  });

  it('adds timestamps, past one hour too', () => {
    expect(toTxt(t, { timestamps: true })).toBe('[00:00:01] Ana: Hello there.\n\n[01:02:05] Über 日本\n');
  });

  it('names the speaker at each change, not on every paragraph', () => {
    const turns = transcript([
      { speaker: 'Speaker 1', start: 0, end: 1, words: [word('One.', 0)] },
      { speaker: 'Speaker 1', start: 2, end: 3, words: [word('Two.', 2)] },
      { speaker: 'Speaker 2', start: 4, end: 5, words: [word('Three.', 4)] },
      { speaker: 'Speaker 1', start: 6, end: 7, words: [word('Four.', 6)] },
    ]);
    expect(toTxt(turns)).toBe('Speaker 1: One.\n\nTwo.\n\nSpeaker 2: Three.\n\nSpeaker 1: Four.\n');
  });

  it('can leave out speakers', () => {
    expect(toTxt(t, { speakers: false })).toBe('Hello there.\n\nÜber 日本\n');
  });

  it('writes nothing for an empty transcript and one line for one word', () => {
    expect(toTxt(transcript([]))).toBe('');
    expect(toTxt(transcript([{ start: 0, end: 0, words: [word('one', 0, 0)] }]))).toBe('one\n');
  });

  it('refuses a malformed transcript', () => {
    expect(() => toTxt({ ...t, duration: -1 })).toThrow(TranscriptError);
  });
});
