import { describe, expect, it } from 'vitest';
import { segmentWords } from './segment.ts';
import type { Word } from './transcript.ts';
import { TranscriptError } from './TranscriptError.ts';

const word = (text: string, start: number, end = start + 0.3): Word => ({ text, start, end, confidence: 0.8 });

// Words every `step` seconds, each lasting `length`: a run with no pause longer than step - length.
function run(count: number, step = 0.4, length = 0.3, from = 0): Word[] {
  return Array.from({ length: count }, (_, i) => word(`w${i}`, from + i * step, from + i * step + length));
}

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('segmentWords', () => {
  it('gives no segments for no words', () => {
    expect(segmentWords([])).toEqual([]);
  });

  it('puts a single word in a segment spanning it', () => {
    const w = word('hello', 1.5, 2);
    expect(segmentWords([w])).toEqual([{ start: 1.5, end: 2, words: [w] }]);
    expect(segmentWords([w])[0]!.words[0]).toBe(w);
  });

  it('breaks at a pause longer than maxPause and not at one equal to it', () => {
    const words = [word('a', 0, 1), word('b', 1.8, 2), word('c', 2.81, 3)];
    expect(segmentWords(words).map((s) => s.words.map((w) => w.text))).toEqual([['a', 'b'], ['c']]);
    expect(segmentWords(words, { maxPause: 0.5 }).map((s) => s.words.length)).toEqual([1, 1, 1]);
  });

  it('measures a pause from the latest end so far, not the previous word', () => {
    const words = [word('long', 0, 3), word('short', 0.5, 0.6), word('next', 3.2, 3.4)];
    expect(segmentWords(words)).toHaveLength(1);
  });

  it('keeps zero-duration words, including several at the same instant', () => {
    const words = [word('a', 1, 1), word('b', 1, 1), word('c', 1, 1), word('d', 5, 5)];
    const segments = segmentWords(words);
    expect(segments.map((s) => [s.start, s.end, s.words.length])).toEqual([[1, 1, 3], [5, 5, 1]]);
  });

  it('splits a long run without pauses at maxDuration', () => {
    const words = run(60); // 24 s of speech, never a gap over 0.1 s
    const segments = segmentWords(words, { maxDuration: 7 });
    expect(segments.length).toBeGreaterThanOrEqual(4);
    for (const s of segments) expect(s.end - s.start).toBeLessThanOrEqual(7);
    expect(segments.flatMap((s) => s.words)).toEqual(words);
    expect(segmentWords(words).every((s) => s.end - s.start <= 30)).toBe(true);
  });

  it('splits at maxChars, counting characters a reader sees', () => {
    const words = Array.from({ length: 10 }, (_, i) => word('e\u0301e\u0301e\u0301', i * 0.4)); // 3 visible, 6 code units
    const segments = segmentWords(words, { maxChars: 11 });
    expect(segments.map((s) => s.words.length)).toEqual([3, 3, 3, 1]);
  });

  it('ends a forced break on the last sentence end in the second half of the segment', () => {
    const texts = 'one two three four. five six seven eight nine ten'.split(' ');
    const words = texts.map((t, i) => word(t, i * 0.4));
    const segments = segmentWords(words, { maxChars: 40 });
    expect(segments.map((s) => s.words.map((w) => w.text).join(' '))).toEqual(['one two three four.', 'five six seven eight nine ten']);
    // A sentence end in the first half is not worth a short paragraph: the break falls where the limit does.
    const early = 'one. two three four five six seven eight nine ten'.split(' ').map((t, i) => word(t, i * 0.4));
    expect(segmentWords(early, { maxChars: 40 }).map((s) => s.words.length)).toEqual([8, 2]);
  });

  it('gives a word longer than the limits a segment of its own', () => {
    const long = word('x'.repeat(50), 1, 12);
    const segments = segmentWords([word('a', 0), long, word('b', 12.1)], { maxChars: 20, maxDuration: 5 });
    expect(segments.map((s) => s.words.map((w) => w.text.length))).toEqual([[1], [50], [1]]);
  });

  it('puts the given speaker on every segment', () => {
    expect(segmentWords(run(3), { speaker: 'Ana', maxPause: 0 }).every((s) => s.speaker === 'Ana')).toBe(true);
  });

  it('never drops, duplicates or reorders words and is deterministic (random word lists)', () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 200; trial++) {
      const words: Word[] = [];
      let t = random() * 2;
      const count = Math.floor(random() * 80);
      for (let i = 0; i < count; i++) {
        const length = random() < 0.1 ? 0 : random() * (random() < 0.05 ? 12 : 0.6);
        words.push(word('abcdefghijklmnopqrstuvwxyz'.slice(0, 1 + Math.floor(random() * 20)) + (random() < 0.2 ? '.' : ''), t, t + length));
        t += length + (random() < 0.1 ? random() * 3 : random() * 0.2);
        if (random() < 0.03) t = Math.max(0, t - random() * 2); // a word out of order now and then
      }
      const options = { maxPause: random(), maxDuration: 1 + random() * 10, maxChars: 10 + Math.floor(random() * 100) };
      const segments = segmentWords(words, options);
      expect(segments.flatMap((s) => s.words)).toEqual(words);
      for (const s of segments) {
        expect(s.words.length).toBeGreaterThan(0);
        expect(s.start).toBe(Math.min(...s.words.map((w) => w.start)));
        expect(s.end).toBe(Math.max(...s.words.map((w) => w.end)));
        if (s.words.length > 1) {
          expect(s.end - s.start).toBeLessThanOrEqual(options.maxDuration);
          expect(s.words.map((w) => w.text).join(' ').length).toBeLessThanOrEqual(options.maxChars);
        }
      }
      expect(segmentWords(words, options)).toEqual(segments);
    }
  });

  it('rejects bad options and bad words with a TranscriptError', () => {
    expect(() => segmentWords(run(2), { maxPause: -1 })).toThrow(TranscriptError);
    expect(() => segmentWords(run(2), { maxDuration: 0 })).toThrow(/`maxDuration` must be a finite number above 0 \(got 0\)/);
    expect(() => segmentWords(run(2), { maxChars: Number.NaN })).toThrow(/maxChars/);
    expect(() => segmentWords([word('a', 2, 1)])).toThrow(/Word 0 ends \(1 s\) before it starts \(2 s\)/);
  });
});

describe('segmentWords on punctuated text', () => {
  const at = (text: string, start: number): Word => ({ text, start, end: start + 0.3, confidence: 0.9 });
  it('starts a paragraph at a pause only at a sentence end, or when the pause is very long', () => {
    const words = [at('We', 0), at('started', 0.4), at('in', 1.9), at('March.', 2.3), at('Then', 3.6), at('we', 4), at('waited', 7)];
    // 1.2 s inside the first sentence: kept together; 1 s after "March.": a new paragraph; 2.7 s mid-sentence (> 3 x 0.8): a new one
    expect(segmentWords(words).map((s) => s.words.map((w) => w.text).join(' '))).toEqual(['We started in March.', 'Then we', 'waited']);
    // unpunctuated, every pause longer than maxPause cuts, as before
    const plain = words.map((w) => ({ ...w, text: w.text.toLowerCase().replace('.', '') }));
    expect(segmentWords(plain).map((s) => s.words.length)).toEqual([2, 2, 2, 1]);
  });
});
