import { describe, expect, it } from 'vitest';
import type { Transcript } from './transcript.ts';
import { TranscriptError } from './TranscriptError.ts';
import { checkWord, validateTranscript } from './validateTranscript.ts';

const good = (): Transcript => ({
  language: 'en',
  duration: 4,
  segments: [{ speaker: 'Ana', start: 0, end: 1, words: [{ text: 'hi', start: 0, end: 1, confidence: 1 }, { text: 'x', start: 1, end: 1, confidence: 0 }] }],
  model: { id: 'm', version: '1', sha256: 'ab' },
  plugins: [{ id: 'medical', version: '0.1.0' }],
  createdAt: '2025-01-01T00:00:00Z',
});

function codeOf(f: () => void): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TranscriptError);
    return (e as TranscriptError).code;
  }
  return undefined;
}

describe('validateTranscript', () => {
  it('accepts a well-formed transcript, zero-duration words and confidences of exactly 0 and 1', () => {
    expect(() => validateTranscript(good())).not.toThrow();
  });

  it('names the transcript-level fault', () => {
    expect(codeOf(() => validateTranscript(null))).toBe('invalid-transcript');
    expect(codeOf(() => validateTranscript({ ...good(), duration: Number.NaN }))).toBe('invalid-transcript');
    expect(codeOf(() => validateTranscript({ ...good(), model: { id: 'm', version: 1, sha256: 'x' } }))).toBe('invalid-transcript');
    expect(codeOf(() => validateTranscript({ ...good(), plugins: undefined }))).toBe('invalid-transcript');
    expect(codeOf(() => validateTranscript({ ...good(), plugins: [{ id: 'p' }] }))).toBe('invalid-transcript');
    expect(codeOf(() => validateTranscript({ ...good(), createdAt: 5 }))).toBe('invalid-transcript');
  });

  it('names the segment and word at fault', () => {
    const t = good();
    t.segments.push({ start: 3, end: 2, words: [] });
    expect(() => validateTranscript(t)).toThrow(/Segment 1 ends \(2 s\) before it starts \(3 s\)/);

    const w = good();
    w.segments[0]!.words[1]!.confidence = 1.5;
    expect(() => validateTranscript(w)).toThrow(/segment 0, word 1 `confidence` must be a probability in \[0, 1\] \(got 1.5\)/i);
    expect(codeOf(() => validateTranscript(w))).toBe('invalid-word');
  });

  it('rejects words with negative, infinite or reversed times and missing text', () => {
    expect(codeOf(() => checkWord({ text: 'a', start: -1, end: 0, confidence: 1 }, 'w'))).toBe('invalid-word');
    expect(codeOf(() => checkWord({ text: 'a', start: 0, end: Infinity, confidence: 1 }, 'w'))).toBe('invalid-word');
    expect(codeOf(() => checkWord({ text: 'a', start: 2, end: 1, confidence: 1 }, 'w'))).toBe('invalid-word');
    expect(codeOf(() => checkWord({ start: 0, end: 1, confidence: 1 }, 'w'))).toBe('invalid-word');
    expect(codeOf(() => checkWord({ text: 'a', start: 0, end: 1, confidence: Number.NaN }, 'w'))).toBe('invalid-word');
  });
});
