import { describe, expect, it } from 'vitest';
import { buildSubtitleCues, type SubtitleCue, type SubtitleOptions } from './buildSubtitleCues.ts';
import { graphemeLength } from './graphemes.ts';
import { wordsText, type Segment, type Transcript, type Word } from './transcript.ts';
import { TranscriptError } from './TranscriptError.ts';

const word = (text: string, start: number, end = start + 0.3): Word => ({ text, start, end, confidence: 0.9 });
const transcript = (segments: Segment[], duration = 60): Transcript => ({
  language: 'en',
  duration,
  segments,
  model: { id: 'test', version: '1', sha256: 'f'.repeat(64) },
  plugins: [],
});
const segment = (words: Word[], speaker?: string): Segment => ({
  ...(speaker === undefined ? {} : { speaker }),
  start: Math.min(...words.map((w) => w.start)),
  end: Math.max(...words.map((w) => w.end)),
  words,
});
// Words `step` seconds apart from `from`, texts taken in turn from `texts`.
const spoken = (texts: string[], from = 0, step = 0.4, length = 0.3): Word[] => texts.map((t, i) => word(t, from + i * step, from + i * step + length));

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// Checks every promise buildSubtitleCues makes, for any transcript.
function expectWellFormed(t: Transcript, cues: SubtitleCue[], options: Required<Pick<SubtitleOptions, 'maxLineLength' | 'maxLines' | 'maxDuration'>>): void {
  let previousEnd = 0;
  for (const cue of cues) {
    expect(cue.end).toBeGreaterThan(cue.start);
    expect(cue.start).toBeGreaterThanOrEqual(previousEnd);
    expect(Math.round((cue.end - cue.start) * 1000)).toBeLessThanOrEqual(Math.round(options.maxDuration * 1000));
    expect(Math.abs(cue.start * 1000 - Math.round(cue.start * 1000))).toBeLessThan(1e-6); // whole milliseconds
    expect(cue.lines.length).toBeGreaterThan(0);
    expect(cue.lines.length).toBeLessThanOrEqual(options.maxLines);
    for (const line of cue.lines) {
      expect(graphemeLength(line)).toBeLessThanOrEqual(options.maxLineLength);
      expect(line).toBe(line.trim());
      expect(line).not.toBe('');
    }
    previousEnd = cue.end;
  }
  // Cue text, read in order, is the segments' text in order, and no cue mixes two segments.
  const squash = (s: string): string => s.replace(/\s+/gu, '');
  const expected = t.segments.map((s) => squash(wordsText(s.words))).filter((s) => s !== '');
  let k = 0;
  for (const text of expected) {
    let got = '';
    while (got.length < text.length && k < cues.length) got += squash(cues[k++]!.lines.join(''));
    expect(got).toBe(text);
  }
  expect(k).toBe(cues.length);
}

const defaults = { maxLineLength: 42, maxLines: 2, maxDuration: 7 };

describe('buildSubtitleCues', () => {
  it('gives no cues for an empty transcript or segments without text', () => {
    expect(buildSubtitleCues(transcript([]))).toEqual([]);
    expect(buildSubtitleCues(transcript([segment([word(' ', 1)])]))).toEqual([]);
  });

  it('makes one cue for a single word, lengthened to minDuration into the silence after it', () => {
    expect(buildSubtitleCues(transcript([segment([word('Hello', 1, 1.25)])]))).toEqual([{ start: 1, end: 1.8, lines: ['Hello'] }]);
    expect(buildSubtitleCues(transcript([segment([word('Hello', 1, 1.25)])]), { minDuration: 0 })).toEqual([{ start: 1, end: 1.25, lines: ['Hello'] }]);
  });

  it('never lengthens the last cue past the end of the audio', () => {
    expect(buildSubtitleCues(transcript([segment([word('end', 9.9, 9.95)])], 10))[0]).toMatchObject({ start: 9.9, end: 10 });
  });

  it('gives zero-duration words a cue that ends after it starts, without overlapping the next', () => {
    const t = transcript([segment([word('a', 2, 2)]), segment([word('b', 2, 2)]), segment([word('c', 2.3, 2.3)])]);
    const cues = buildSubtitleCues(t);
    expect(cues.map((c) => [c.start, c.end])).toEqual([[2, 2.001], [2.001, 2.3], [2.3, 3.1]]);
    expectWellFormed(t, cues, defaults);
  });

  it('keeps lines to 42 characters and cues to 2 lines, balancing the lines', () => {
    const texts = 'the quick brown fox jumps over the lazy dog and then it runs away into the forest where nobody can find it again'.split(' ');
    const t = transcript([segment(spoken(texts, 0, 0.2, 0.15))]);
    const cues = buildSubtitleCues(t);
    expectWellFormed(t, cues, defaults);
    expect(cues[0]!.lines).toEqual(['the quick brown fox jumps over the lazy', 'dog and then it runs away into the forest']);
    expect(cues.map((c) => c.lines.join(' ')).join(' ')).toBe(texts.join(' '));
    // Greedy filling would give 39 + 15 characters here.
    const short = transcript([segment(spoken('one two three four five six seven eight nine ten eleven'.split(' ')))]);
    expect(buildSubtitleCues(short)[0]!.lines).toEqual(['one two three four five six', 'seven eight nine ten eleven']);
  });

  it('splits a 7 s+ run without pauses into cues of at most 7 s', () => {
    const t = transcript([segment(spoken(Array.from({ length: 40 }, (_, i) => `${i}`), 0, 0.5, 0.45))]); // 20 s, short words
    const cues = buildSubtitleCues(t);
    expect(cues.length).toBeGreaterThanOrEqual(3);
    for (const c of cues) expect(c.end - c.start).toBeLessThanOrEqual(7);
    expectWellFormed(t, cues, defaults);
  });

  it('clamps a single word longer than maxDuration', () => {
    const cues = buildSubtitleCues(transcript([segment([word('mmmmmmm', 1, 11)])]));
    expect(cues).toEqual([{ start: 1, end: 8, lines: ['mmmmmmm'] }]);
  });

  it('starts a new cue at every segment end and carries the speaker', () => {
    const t = transcript([segment(spoken(['Hi', 'there.']), 'Ana'), segment(spoken(['Hello.'], 0.75), 'Ben')]);
    const cues = buildSubtitleCues(t);
    expect(cues.map((c) => [c.lines, c.speaker])).toEqual([[['Hi there.'], 'Ana'], [['Hello.'], 'Ben']]);
    expect(cues[0]!.end).toBe(0.75); // lengthening to minDuration would reach 0.8; it stops where the next cue starts
  });

  it('cuts overlapping speakers so cues never overlap', () => {
    const t = transcript([segment(spoken(['one', 'two', 'three', 'four'], 0, 1, 0.9), 'Ana'), segment(spoken(['yes'], 1.5), 'Ben')]);
    const cues = buildSubtitleCues(t);
    expect(cues.map((c) => [c.start, c.end])).toEqual([[0, 1.5], [1.5, 2.3]]);
    expectWellFormed(t, cues, defaults);
  });

  it('splits a word longer than a line across lines, and across cues when it needs more than two', () => {
    const long = 'x'.repeat(100);
    const t = transcript([segment([word('see', 0, 0.2), word(long, 0.3, 2.3), word('ok', 2.4, 2.6)])]);
    const cues = buildSubtitleCues(t);
    expect(cues.map((c) => c.lines)).toEqual([['see', 'x'.repeat(42)], ['x'.repeat(42), 'x'.repeat(16) + ' ok']]);
    // The second piece starts 42/100 of the way through the word's two seconds.
    expect(cues[1]!.start).toBeCloseTo(0.3 + 2 * (42 / 100), 3);
    expectWellFormed(t, cues, defaults);
  });

  it('counts user-perceived characters and never splits one', () => {
    const decomposed = 'e\u0301'.repeat(30); // 30 visible characters, 60 code units
    const t = transcript([segment(spoken([decomposed, 'naïve', '日本語のテキスト', '👩‍👩‍👧‍👦'.repeat(50)]))]);
    const cues = buildSubtitleCues(t);
    expectWellFormed(t, cues, defaults);
    expect(cues[0]!.lines).toEqual([decomposed, 'naïve 日本語のテキスト']);
    for (const line of cues.flatMap((c) => c.lines)) expect(line.normalize('NFC')).not.toMatch(/^\u0301/u);
    expect(cues.flatMap((c) => c.lines).some((l) => l === '👩‍👩‍👧‍👦'.repeat(42))).toBe(true);
  });

  it('handles timecodes past one hour', () => {
    const t = transcript([segment(spoken(['late', 'words'], 3725.5))], 4000);
    expect(buildSubtitleCues(t)[0]).toMatchObject({ start: 3725.5, lines: ['late words'] });
  });

  it('keeps its promises on random transcripts', () => {
    const random = mulberry32(42);
    const vocabulary = ['a', 'in', 'the', 'word', 'speech', 'subtitle', 'Grüße', 'こんにちは', 'antidisestablishmentarianism', 'x'.repeat(45), ''];
    for (let trial = 0; trial < 150; trial++) {
      const segments: Segment[] = [];
      let time = random() * 3;
      for (let s = Math.floor(random() * 6); s > 0; s--) {
        const words: Word[] = [];
        for (let n = 1 + Math.floor(random() * 40); n > 0; n--) {
          const length = random() < 0.15 ? 0 : random() * (random() < 0.05 ? 9 : 0.7);
          words.push(word(vocabulary[Math.floor(random() * vocabulary.length)]!, time, time + length));
          time += length + random() * 0.3;
        }
        segments.push(segment(words, random() < 0.5 ? 'Ana' : undefined));
        time -= random() < 0.3 ? random() * 2 : 0; // sometimes the next speaker starts early
        time = Math.max(0, time);
      }
      const options = { maxLineLength: 10 + Math.floor(random() * 40), maxLines: 1 + Math.floor(random() * 3), maxDuration: 1 + random() * 8 };
      const t = transcript(segments, time);
      expectWellFormed(t, buildSubtitleCues(t, options), options);
    }
  });

  it('rejects bad options and bad transcripts with a TranscriptError', () => {
    const t = transcript([segment([word('a', 0)])]);
    expect(() => buildSubtitleCues(t, { maxLineLength: 0 })).toThrow(TranscriptError);
    expect(() => buildSubtitleCues(t, { maxLines: 1.5 })).toThrow(/`maxLines` must be a whole number of at least 1/);
    expect(() => buildSubtitleCues(t, { maxDuration: -1 })).toThrow(/maxDuration/);
    expect(() => buildSubtitleCues(t, { minDuration: Number.NaN })).toThrow(/minDuration/);
    expect(() => buildSubtitleCues(transcript([segment([word('a', Number.NaN, 1)])]))).toThrow(TranscriptError);
  });
});
