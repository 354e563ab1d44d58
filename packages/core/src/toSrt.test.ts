import { describe, expect, it } from 'vitest';
import { toSrt } from './toSrt.ts';
import type { Segment, Transcript, Word } from './transcript.ts';

const word = (text: string, start: number, end = start + 0.3): Word => ({ text, start, end, confidence: 0.9 });
const transcript = (segments: Segment[], duration = 5000): Transcript => ({
  language: 'en',
  duration,
  segments,
  model: { id: 'test', version: '1', sha256: 'f'.repeat(64) },
  plugins: [],
});

// Parses SubRip strictly: numbered blocks, a timecode line, then text lines.
function parseSrt(srt: string): { index: number; start: string; end: string; lines: string[] }[] {
  expect(srt.endsWith('\n')).toBe(true);
  return srt
    .trimEnd()
    .split('\n\n')
    .map((block) => {
      const [index, times, ...lines] = block.split('\n');
      const match = /^(\d{2,}:\d{2}:\d{2},\d{3}) --> (\d{2,}:\d{2}:\d{2},\d{3})$/.exec(times ?? '');
      expect(match, `timecode line "${times}"`).not.toBeNull();
      return { index: Number(index), start: match![1]!, end: match![2]!, lines };
    });
}

describe('toSrt', () => {
  it('writes numbered cues with comma timecodes', () => {
    const t = transcript([
      { speaker: 'Ana', start: 0.5, end: 1.6, words: [word('Hello', 0.5, 0.9), word('there.', 1.0, 1.6)] },
      { speaker: 'Ben', start: 2.25, end: 3.5, words: [word('Hi!', 2.25, 3.5)] },
    ]);
    expect(toSrt(t)).toBe('1\n00:00:00,500 --> 00:00:01,600\nAna: Hello there.\n\n2\n00:00:02,250 --> 00:00:03,500\nBen: Hi!\n');
    expect(toSrt(t, { speakers: false })).toBe('1\n00:00:00,500 --> 00:00:01,600\nHello there.\n\n2\n00:00:02,250 --> 00:00:03,500\nHi!\n');
  });

  it('names the speaker only at a change, and no one where there is one speaker', () => {
    const turns = transcript([
      { speaker: 'Speaker 1', start: 0, end: 1, words: [word('One.', 0, 1)] },
      { speaker: 'Speaker 1', start: 2, end: 3, words: [word('Two.', 2, 3)] },
      { speaker: 'Speaker 2', start: 4, end: 5, words: [word('Three.', 4, 5)] },
    ]);
    expect(toSrt(turns).split('\n\n').map((cue) => cue.split('\n')[2])).toEqual(['Speaker 1: One.', 'Two.', 'Speaker 2: Three.']);
    const alone = transcript([
      { speaker: 'Speaker 1', start: 0, end: 1, words: [word('One.', 0, 1)] },
      { speaker: 'Speaker 1', start: 2, end: 3, words: [word('Two.', 2, 3)] },
    ]);
    expect(toSrt(alone)).not.toContain('Speaker 1');
  });

  it('writes nothing for an empty transcript', () => {
    expect(toSrt(transcript([]))).toBe('');
  });

  it('writes timecodes past one hour', () => {
    const t = transcript([{ start: 3661.001, end: 3662.5, words: [word('late', 3661.001, 3662.5)] }]);
    expect(toSrt(t)).toBe('1\n01:01:01,001 --> 01:01:02,500\nlate\n');
  });

  it('writes a long monologue as valid, ordered cues', () => {
    const words = Array.from({ length: 500 }, (_, i) => word(i % 17 === 0 ? 'Unicode-ÄÖÜ-日本' : `word${i}`, i * 0.35, i * 0.35 + 0.3));
    const cues = parseSrt(toSrt(transcript([{ start: 0, end: 175, words }])));
    expect(cues.map((c) => c.index)).toEqual(cues.map((_, i) => i + 1));
    for (const c of cues) {
      expect(c.end > c.start).toBe(true);
      expect(c.lines.length).toBeLessThanOrEqual(2);
      for (const l of c.lines) expect(l.length).toBeLessThanOrEqual(42);
    }
    for (let i = 1; i < cues.length; i++) expect(cues[i]!.start >= cues[i - 1]!.end).toBe(true);
  });

  it('passes line options through', () => {
    const t = transcript([{ start: 0, end: 1, words: [word('aaa', 0), word('bbb', 0.4)] }]);
    expect(parseSrt(toSrt(t, { maxLineLength: 4, maxLines: 1 })).map((c) => c.lines)).toEqual([['aaa'], ['bbb']]);
  });
});
