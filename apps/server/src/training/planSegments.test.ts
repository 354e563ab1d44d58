import { describe, expect, it } from 'vitest';
import type { TranscriptDocTurn } from '@verbatim/core/document';
import { Alphabet } from './Alphabet.ts';
import { planSegments } from './planSegments.ts';
import { splitOf } from './splitOf.ts';

const alphabet = Alphabet.fromTokens(['▁', ...'abcdefghijklmnopqrstuvwxyz', "'", '<blk>'], '▁');

/** A turn of `count` one-second words ("w0"… as letters), each 0.8 s long with 0.2 s gaps, from `start`. */
function turn(speaker: string, start: number, texts: readonly string[], gaps: Record<number, number> = {}): TranscriptDocTurn {
  let at = start;
  const words = texts.map((text, i) => {
    const word = { text, start: at, end: at + 0.8, confidence: 0.9, origin: 'asr' as const, reviewed: false };
    at += 1 + (gaps[i] ?? 0);
    return word;
  });
  return { speaker, start, words };
}

const letters = (n: number) => Array.from({ length: n }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[i % 26]!.repeat(3));
const all = [{ startMs: 0, endMs: 10_000_000, at: 1 }];

describe('Alphabet', () => {
  it("takes a char model's characters without the blank and the boundary, and a BPE model's letters", () => {
    expect(alphabet.characters).toBe("'abcdefghijklmnopqrstuvwxyz");
    expect(Alphabet.fromTokens(['<unk>', '▁the', 'ing', '▁a', 's'], '▁').characters).toBe('aeghinst');
    // a wav2vec2 vocabulary: upper case, "|" between words, <pad> <s> </s> <unk>
    expect(Alphabet.fromTokens(['<pad>', '<s>', '</s>', '<unk>', '|', 'E', 'T', "'"], '|').characters).toBe("'et");
  });

  it('lower-cases, removes punctuation, splits hyphens, and refuses digits and foreign letters', () => {
    expect(alphabet.normalise('Well-known, “Dr.” Smith’s  cat!')).toEqual({ ok: true, text: "well known dr smith's cat" });
    expect(alphabet.normalise('Take 40 mg')).toEqual({ ok: false, outside: '04' });
    expect(alphabet.normalise('café')).toEqual({ ok: false, outside: 'é' });
    expect(alphabet.normalise('?!')).toEqual({ ok: true, text: '' });
    expect(new Alphabet('abc0123456789').normalise('Abc 12')).toEqual({ ok: true, text: 'abc 12' });
  });
});

describe('splitOf', () => {
  it('is stable, about 80/10/10, and depends on the project and the recording only', () => {
    const project = '2f0c1f5e-7d43-4c39-9d47-0e0f7d9b1c11';
    const sides = { train: 0, dev: 0, test: 0 };
    for (let i = 0; i < 5000; i += 1) sides[splitOf(project, `media-${i}`)] += 1;
    expect(sides.train / 5000).toBeCloseTo(0.8, 1);
    expect(sides.dev / 5000).toBeCloseTo(0.1, 1);
    expect(sides.test / 5000).toBeCloseTo(0.1, 1);
    expect(splitOf(project, 'media-7')).toBe(splitOf(project, 'media-7'));
    const other = Array.from({ length: 50 }, (_, i) => splitOf('another-project', `media-${i}`));
    expect(other).not.toEqual(Array.from({ length: 50 }, (_, i) => splitOf(project, `media-${i}`)));
  });
});

describe('planSegments', () => {
  const options = { minSeconds: 2, maxSeconds: 20, alphabet, recordingSeconds: 1000 };

  it('cuts a long verified turn at word gaps into pieces of 2-20 s, preferring the widest gap', () => {
    // 50 words, a 1.5 s pause after word 14
    const turns = [turn('A', 0, letters(50), { 14: 1.5 })];
    const { segments, dropped } = planSegments(turns, all, options);
    expect(dropped).toEqual([]);
    expect(segments[0]!.words).toHaveLength(15);
    const words = turns[0]!.words;
    for (const segment of segments) {
      const length = (segment.endMs - segment.startMs) / 1000;
      expect(length).toBeGreaterThanOrEqual(2);
      expect(length).toBeLessThanOrEqual(20);
      // never inside a word: every word is either wholly inside the cut or wholly outside
      for (const w of words) {
        const inside = w.start * 1000 >= segment.startMs && w.end * 1000 <= segment.endMs;
        const outside = w.end * 1000 <= segment.startMs || w.start * 1000 >= segment.endMs;
        expect(inside || outside, `${w.text} cut by ${segment.startMs}-${segment.endMs}`).toBe(true);
      }
    }
    expect(segments.flatMap((s) => s.words)).toEqual(words.map((w) => w.text));
  });

  it('takes only verified words, and reports a piece with an unverified word in its audio', () => {
    const turns = [turn('A', 0, letters(10))];
    // verified: words 0-4 (0-4.8 s) and words 6-9
    const { segments } = planSegments(turns, [{ startMs: 0, endMs: 4_900, at: 1 }, { startMs: 5_900, endMs: 10_000, at: 1 }], options);
    expect(segments.map((s) => s.words.length)).toEqual([5, 4]);
    // another speaker's word, unverified (its middle is past the span), overlapping the last verified word
    const unverified = planSegments(
      [turn('A', 0, ['one', 'two', 'three']), { speaker: 'B', start: 2.5, words: [{ text: 'hm', start: 2.5, end: 3.5, confidence: 1, origin: 'asr', reviewed: false }] }],
      [{ startMs: 0, endMs: 2_900, at: 1 }],
      options,
    );
    expect(unverified.segments).toEqual([]);
    expect(unverified.dropped.map((d) => [d.reason, d.detail])).toEqual([['unverified-words', 'unverified words in its audio: hm']]);
    // the same word verified: overlapping speech (and itself too short)
    const overlapped = planSegments(
      [turn('A', 0, ['one', 'two', 'three']), { speaker: 'B', start: 1, words: [{ text: 'hm', start: 1.2, end: 1.5, confidence: 1, origin: 'asr', reviewed: false }] }],
      [{ startMs: 0, endMs: 3_000, at: 1 }],
      options,
    );
    expect(overlapped.segments).toEqual([]);
    expect(overlapped.dropped.map((d) => d.reason)).toEqual(['overlapping-speech', 'too-short']);
  });

  it('drops with a reason: too short, out of the alphabet, nothing left, a word longer than the maximum', () => {
    const reasons = (turns: TranscriptDocTurn[]) => planSegments(turns, all, options).dropped.map((d) => d.reason);
    expect(reasons([turn('A', 0, ['hi'])])).toEqual(['too-short']);
    expect(reasons([turn('A', 0, ['take', '40', 'mg', 'now'])])).toEqual(['out-of-alphabet']);
    expect(reasons([turn('A', 0, ['…', '?', '!'])])).toEqual(['empty-text']);
    const long = { speaker: 'A', start: 0, words: [{ text: 'aaah', start: 0, end: 25, confidence: 1, origin: 'asr' as const, reviewed: false }] };
    expect(reasons([long])).toEqual(['too-long']);
  });
});
