import { describe, expect, it } from 'vitest';
import { buildSubtitleCues } from './buildSubtitleCues.ts';
import type { Segment, Transcript, Word } from './transcript.ts';

const transcript = (words: Word[], duration = 60): Transcript => ({
  language: 'en',
  duration,
  segments: [{ start: words[0]!.start, end: words.at(-1)!.end, words } satisfies Segment],
  model: { id: 'test', version: '1', sha256: 'f'.repeat(64) },
  plugins: [],
});
// Words `step` seconds apart from `from`.
const spoken = (text: string, from = 0, step = 0.4, length = 0.3): Word[] =>
  text.split(' ').map((t, i) => ({ text: t, start: from + i * step, end: from + i * step + length, confidence: 0.9 }));
const texts = (t: Transcript, options = {}) => buildSubtitleCues(t, options).map((c) => c.lines.join(' '));

describe('subtitle cues of punctuated text', () => {
  it('end each cue at a sentence end', () => {
    expect(texts(transcript(spoken('Yes. I think so. Where do you live? In the city.')))).toEqual(['Yes.', 'I think so.', 'Where do you live?', 'In the city.']);
  });

  it('break a full cue after its last sentence end (else its last comma) in its second half, not mid-clause', () => {
    const t = transcript(spoken('We started the survey in March, and the first results came in late so we waited for more of them'));
    const cues = texts(t, { maxLineLength: 20, maxLines: 2 });
    expect(cues[0]).toBe('We started the survey in March,');
    expect(cues.join(' ')).toBe('We started the survey in March, and the first results came in late so we waited for more of them');
    // without marks the same words fill cues greedily, as before
    const plain = transcript(spoken('we started the survey in march and the first results came in late so we waited for more of them'));
    expect(texts(plain, { maxLineLength: 20, maxLines: 2 })[0]).toBe('we started the survey in march and');
  });

  it('give a cue the time its text takes to read, from the silence after it but never into the next cue', () => {
    // 38 characters said in 0.6 s, then 5 s of silence: shown for 38 / 12 s
    const fast: Word[] = [
      { text: 'Extraordinarily', start: 0, end: 0.3, confidence: 0.9 },
      { text: 'complicated', start: 0.3, end: 0.5, confidence: 0.9 },
      { text: 'sentences.', start: 0.5, end: 0.6, confidence: 0.9 },
      ...spoken('Next one.', 5.6),
    ];
    const cues = buildSubtitleCues(transcript(fast), { maxCharsPerSecond: 12 });
    expect(cues[0]!.end).toBeCloseTo(Math.round((1000 * 38) / 12) / 1000, 6);
    // the next cue starts at 1 s: the first ends there
    const close = [...fast.slice(0, 3), ...spoken('Next one.', 1)];
    expect(buildSubtitleCues(transcript(close), { maxCharsPerSecond: 12 })[0]!.end).toBeCloseTo(1, 6);
    expect(() => buildSubtitleCues(transcript(fast), { maxCharsPerSecond: 0 })).toThrow(/maxCharsPerSecond/);
  });
});
