import type { CaptionJson } from '@verbatim/core/api';
import { describe, expect, it } from 'vitest';
import { finalText, summarize, sustainedSessions, wordLatencies, type ShownCaption } from './captionLatency.ts';

const word = (text: string, startMs: number, endMs: number) => ({ text, startMs, endMs, confidence: 0.9 });
const caption = (seq: number, final: boolean, words: ReturnType<typeof word>[]): CaptionJson => ({
  seq,
  final,
  text: words.map((w) => w.text).join(' '),
  startMs: words[0]?.startMs ?? 0,
  endMs: words.at(-1)?.endMs ?? 0,
  words,
});
// 16 kHz, every sample sent at its own time in ms plus 50 ms (e.g. the frame's buffering): sentAt(s) = s / 16 + 50
const sentAt = (sample: number) => sample / 16 + 50;

describe('wordLatencies', () => {
  it('times each final word from the send of its last sample to its first partial and to its final', () => {
    const shown: ShownCaption[] = [
      { caption: caption(0, false, [word('hel', 100, 300)]), at: 600 },
      { caption: caption(0, false, [word('hello', 100, 500), word('wor', 600, 800)]), at: 900 },
      { caption: caption(0, false, [word('Hello,', 110, 500), word('world', 620, 900)]), at: 1300 },
      { caption: caption(0, true, [word('Hello,', 100, 500), word('world', 600, 900)]), at: 2000 },
    ];
    const latencies = wordLatencies(shown, sentAt, 16_000);
    // hello: last sample 7999 sent at 549.94; first shown right (case/punctuation aside) at 900
    expect(latencies.map((l) => [l.text, Math.round(l.partialMs), Math.round(l.finalMs)])).toEqual([
      ['Hello,', 350, 1450],
      ['world', 350, 1050],
    ]);
  });

  it('counts a word first shown in its final with the final latency, a repeated final once, and skips unsent audio', () => {
    const final = caption(1, true, [word('late', 2000, 2400), word('unsent', 9000, 9500)]);
    const shown: ShownCaption[] = [
      { caption: caption(1, false, [word('late', 2900, 3100)]), at: 2500 }, // same text, too far away in time
      { caption: final, at: 3000 },
      { caption: final, at: 7000 },
    ];
    const latencies = wordLatencies(shown, (s) => (s < 100_000 ? sentAt(s) : Number.NaN), 16_000);
    expect(latencies).toHaveLength(1);
    expect(latencies[0]!.partialMs).toBe(latencies[0]!.finalMs);
    expect(Math.round(latencies[0]!.finalMs)).toBe(550);
  });
});

describe('the other helpers', () => {
  it('summarizes p50/p95 by nearest rank', () => {
    expect(summarize(Array.from({ length: 100 }, (_, i) => 100 - i))).toEqual({ n: 100, p50: 51, p95: 96 });
    expect(summarize([]).p95).toBeNaN();
  });

  it('reads the finals once and in order', () => {
    const a = caption(0, true, [word('one', 0, 100)]);
    const b = caption(1, true, [word('two', 200, 300)]);
    expect(finalText([{ caption: b, at: 2 }, { caption: caption(2, false, [word('thr', 400, 500)]), at: 3 }, { caption: a, at: 1 }, { caption: b, at: 4 }])).toBe('one two');
  });

  it('takes the count of the last step before the first failure', () => {
    expect(sustainedSessions([{ sessions: 4, ok: false }, { sessions: 1, ok: true }, { sessions: 2, ok: true }])).toBe(2);
    expect(sustainedSessions([{ sessions: 1, ok: false }])).toBe(0);
  });
});
