import { describe, expect, it } from 'vitest';
import { toVtt } from './toVtt.ts';
import type { Segment, Transcript, Word } from './transcript.ts';

const word = (text: string, start: number, end = start + 0.3): Word => ({ text, start, end, confidence: 0.9 });
const transcript = (segments: Segment[]): Transcript => ({
  language: 'de',
  duration: 8000,
  segments,
  model: { id: 'test', version: '1', sha256: 'f'.repeat(64) },
  plugins: [],
});

describe('toVtt', () => {
  it('writes the header and cues with dot timecodes and voice spans', () => {
    const t = transcript([
      { speaker: 'Ana', start: 0.5, end: 1.6, words: [word('Guten', 0.5, 0.9), word('Tag.', 1.0, 1.6)] },
      { start: 2, end: 3, words: [word('Grüße', 2, 3)] },
    ]);
    expect(toVtt(t)).toBe('WEBVTT\n\n00:00:00.500 --> 00:00:01.600\n<v Ana>Guten Tag.\n\n00:00:02.000 --> 00:00:03.000\nGrüße\n');
    expect(toVtt(t, { voices: false })).not.toContain('<v');
  });

  it('is only the header for an empty transcript', () => {
    expect(toVtt(transcript([]))).toBe('WEBVTT\n');
  });

  it('escapes markup so words cannot end a cue or open a tag', () => {
    const t = transcript([{ speaker: 'A<b>', start: 0, end: 2, words: [word('-->', 0), word('<i>&', 0.5), word('x>y', 1)] }]);
    expect(toVtt(t)).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:01.300\n<v A&lt;b&gt;>--&gt; &lt;i&gt;&amp; x&gt;y\n');
  });

  it('writes hours past 99 and keeps a 7 s+ monologue in cues of at most 7 s', () => {
    const words = Array.from({ length: 60 }, (_, i) => word(`w${i}`, 360_000 + i * 0.3, 360_000 + i * 0.3 + 0.25));
    const vtt = toVtt(transcript([{ start: 360_000, end: 360_018, words }]));
    const times = [...vtt.matchAll(/^(\d+):(\d{2}):(\d{2})\.(\d{3}) --> (\d+):(\d{2}):(\d{2})\.(\d{3})$/gmu)].map((m) => {
      const n = m.slice(1).map(Number);
      return [n[0]! * 3600 + n[1]! * 60 + n[2]! + n[3]! / 1000, n[4]! * 3600 + n[5]! * 60 + n[6]! + n[7]! / 1000] as const;
    });
    expect(vtt).toContain('100:00:00.000 --> ');
    expect(times.length).toBeGreaterThanOrEqual(3);
    for (const [start, end] of times) {
      expect(end).toBeGreaterThan(start);
      expect(end - start).toBeLessThanOrEqual(7.0000001);
    }
  });
});
