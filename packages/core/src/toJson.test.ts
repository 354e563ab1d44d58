import { describe, expect, it } from 'vitest';
import { fromJson } from './fromJson.ts';
import { toJson, type TranscriptJson } from './toJson.ts';
import type { Transcript } from './transcript.ts';
import { TranscriptError } from './TranscriptError.ts';

const t: Transcript = {
  language: 'ja',
  duration: 3725.25,
  segments: [
    { speaker: 'Ana', start: 0.5, end: 1.25, words: [{ text: 'こんにちは', start: 0.5, end: 1, confidence: 0.93 }, { text: 'Grüße', start: 1, end: 1.25, confidence: 0.41 }] },
    { start: 2, end: 2, words: [] },
    { start: 3700, end: 3700, words: [{ text: 'zero', start: 3700, end: 3700, confidence: 1 }] },
  ],
  model: { id: 'verbatim-en-small', version: '1.2.0', sha256: 'ab'.repeat(32) },
  plugins: [{ id: 'medical', version: '0.3.1' }],
  createdAt: '2025-05-01T10:00:00.000Z',
};

describe('toJson', () => {
  it('puts every word at the top level as { text, start, end, confidence }', () => {
    const doc = JSON.parse(toJson(t)) as TranscriptJson;
    expect(doc.words).toEqual([
      { text: 'こんにちは', start: 0.5, end: 1, confidence: 0.93 },
      { text: 'Grüße', start: 1, end: 1.25, confidence: 0.41 },
      { text: 'zero', start: 3700, end: 3700, confidence: 1 },
    ]);
    expect(Object.keys(doc.words[0]!)).toEqual(['text', 'start', 'end', 'confidence']);
    expect(doc).toMatchObject({ format: 'verbatim-transcript', version: 1, language: 'ja', duration: 3725.25, model: t.model, plugins: t.plugins, createdAt: t.createdAt });
    expect(doc.segments).toEqual([
      { speaker: 'Ana', start: 0.5, end: 1.25, text: 'こんにちは Grüße', firstWord: 0, wordCount: 2 },
      { start: 2, end: 2, text: '', firstWord: 2, wordCount: 0 },
      { start: 3700, end: 3700, text: 'zero', firstWord: 2, wordCount: 1 },
    ]);
  });

  it('says which words a person checked or wrote, and what the recogniser had heard where a person changed it', () => {
    const reviewed: Transcript = {
      ...t,
      segments: [
        {
          start: 0,
          end: 2,
          words: [
            { text: 'we', start: 0, end: 0.2, confidence: 0.97, origin: 'asr' },
            { text: 'met', start: 0.3, end: 0.5, confidence: 0.42, origin: 'asr', reviewed: { by: 'u1', byName: 'Eve', at: '2026-12-06T10:00:00.000Z', action: 'accept' } },
            {
              text: 'fibrillation',
              start: 0.6,
              end: 1.44,
              confidence: 1,
              origin: 'human',
              reviewed: { by: 'u1', at: '2026-12-06T10:01:00.000Z', action: 'correct' },
              original: { text: 'real firea tion', confidence: 0.123456 },
            },
          ],
        },
      ],
    };
    const doc = JSON.parse(toJson(reviewed)) as TranscriptJson;
    expect(doc.words[0]).toEqual({ text: 'we', start: 0, end: 0.2, confidence: 0.97, origin: 'asr' });
    expect(doc.words[1]!.reviewed).toEqual({ by: 'u1', byName: 'Eve', at: '2026-12-06T10:00:00.000Z', action: 'accept' });
    expect(doc.words[2]).toEqual({ ...reviewed.segments[0]!.words[2], original: { text: 'real firea tion', confidence: 0.1235 } });
    expect(fromJson(toJson(reviewed)).segments[0]!.words[1]).toEqual(reviewed.segments[0]!.words[1]);
    const bad = (word: object) => () => fromJson(JSON.stringify({ ...doc, words: [doc.words[0], doc.words[1], { ...doc.words[2], ...word }] }));
    expect(bad({ origin: 'robot' })).toThrow(/origin/);
    expect(bad({ reviewed: { by: 'u1', at: 'now', action: 'approve' } })).toThrow(/reviewed/);
    expect(bad({ original: { text: 'x', confidence: 3 } })).toThrow(/original/);
  });

  it('rounds times to milliseconds and confidences to four decimals', () => {
    const noisy: Transcript = { ...t, segments: [{ start: 0.1 + 0.2, end: 1.00049, words: [{ text: 'a', start: 0.1 + 0.2, end: 1.00049, confidence: 0.123456 }] }] };
    expect(JSON.parse(toJson(noisy)).words[0]).toEqual({ text: 'a', start: 0.3, end: 1, confidence: 0.1235 });
  });

  it('writes an empty transcript with empty lists and no createdAt when there is none', () => {
    const { createdAt: _, ...rest } = t;
    const doc = JSON.parse(toJson({ ...rest, segments: [] }, { indent: 0 })) as TranscriptJson;
    expect(doc.words).toEqual([]);
    expect(doc.segments).toEqual([]);
    expect('createdAt' in doc).toBe(false);
    expect(toJson({ ...rest, segments: [] }, { indent: 0 })).not.toContain('\n');
  });
});

describe('fromJson', () => {
  it('reads back what toJson wrote', () => {
    expect(fromJson(toJson(t))).toEqual(t);
  });

  it('says what is wrong with a document that is not a transcript', () => {
    const code = (text: string): string => {
      try {
        fromJson(text);
      } catch (e) {
        expect(e).toBeInstanceOf(TranscriptError);
        return (e as TranscriptError).code;
      }
      return 'none';
    };
    expect(code('{"format":')).toBe('invalid-json');
    expect(code('[]')).toBe('invalid-json');
    expect(code('{"format":"srt"}')).toBe('invalid-json');
    expect(() => fromJson(toJson(t).replace('"version": 1', '"version": 2'))).toThrow(/knows version 1 \(got 2\)/);
    const doc = JSON.parse(toJson(t)) as TranscriptJson;
    expect(code(JSON.stringify({ ...doc, segments: [{ ...doc.segments[0], wordCount: 9 }] }))).toBe('invalid-json');
    expect(code(JSON.stringify({ ...doc, words: [{ ...doc.words[0], confidence: 2 }, doc.words[1], doc.words[2]] }))).toBe('invalid-word');
    expect(code(JSON.stringify({ ...doc, model: undefined }))).toBe('invalid-transcript');
  });
});
