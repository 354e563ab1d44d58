import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  buildTranscriptDoc,
  decodeReviewMark,
  decodeWordTiming,
  encodeReviewMark,
  encodeWordTiming,
  isReviewMarkValue,
  migrateTranscriptDoc,
  readTranscriptTurns,
  TRANSCRIPT_META,
  TRANSCRIPT_ROOT,
  TRANSCRIPT_SCHEMA_VERSION,
  TranscriptDocError,
  transcriptDocVersion,
  validateTranscriptDoc,
} from '../document.ts';

const segments = [
  { speaker: 'Ana', start: 0.5, end: 2.4, words: [
    { text: 'we', start: 0.5, end: 0.7, confidence: 0.91 },
    { text: 'measured', start: 0.8, end: 1.3, confidence: 0.42 },
    { text: 'metformin', start: 1.4, end: 2.0, confidence: 0.31, origin: 'plugin:medical' as const },
  ] },
  { start: 3, end: 4, words: [{ text: 'thanks', start: 3.0, end: 4.0, confidence: 0.97, origin: 'human' as const }] },
];

describe('packed word timing', () => {
  it('round-trips start, end, confidence and origin to the millisecond and the thousandth', () => {
    for (const origin of ['asr', 'human', 'plugin:medical'] as const) {
      const packed = encodeWordTiming({ start: 10_800.1234, end: 10_800.5678, conf: 0.4567, origin });
      expect(decodeWordTiming(packed)).toEqual({ start: 10_800.123, end: 10_800.568, conf: 0.457, origin });
    }
  });
  it('reads back the times it was given, not a float sum that misses them by a hair', () => {
    expect(decodeWordTiming(encodeWordTiming({ start: 0.3, end: 0.9, conf: 0.4, origin: 'asr' }))).toEqual({ start: 0.3, end: 0.9, conf: 0.4, origin: 'asr' });
  });
  it('reads nothing from a string that is not one', () => {
    for (const bad of ['', '1 2', '1 2 3 x', 'zzzzzzzzzz 1 1', 1, null, {}, `1 2 3 plugin:${'a'.repeat(80)}`]) expect(decodeWordTiming(bad)).toBeUndefined();
  });
  it('writes an unknown origin as a person', () => {
    expect(decodeWordTiming(encodeWordTiming({ start: 0, end: 1, conf: 1, origin: 'robot' as never }))?.origin).toBe('human');
  });
});

describe('packed review mark', () => {
  it('round-trips who and when, and checks whose name it is in', () => {
    const packed = encodeReviewMark({ by: '5f0c-uuid', at: 1_790_000_000_123 });
    expect(decodeReviewMark(packed)).toEqual({ by: '5f0c-uuid', at: 1_790_000_000_123 });
    expect(isReviewMarkValue(packed, '5f0c-uuid')).toBe(true);
    expect(isReviewMarkValue(packed, 'someone-else')).toBe(false);
    expect(isReviewMarkValue(null, 'x')).toBe(true);
    expect(isReviewMarkValue(true, 'x')).toBe(false);
    expect(() => encodeReviewMark({ by: 'a b', at: 0 })).toThrow(RangeError);
  });
});

describe('buildTranscriptDoc and readTranscriptTurns', () => {
  it('write the current schema and read back every word', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), segments);
    expect(transcriptDocVersion(doc)).toBe(TRANSCRIPT_SCHEMA_VERSION);
    expect(validateTranscriptDoc(doc)).toEqual([]);
    const turns = readTranscriptTurns(doc);
    expect(turns.map((t) => t.speaker)).toEqual(['Ana', 'Speaker 1']);
    expect(turns[0]!.words.map((w) => [w.text, w.start, w.end, w.confidence, w.origin])).toEqual([
      ['we', 0.5, 0.7, 0.91, 'asr'],
      ['measured', 0.8, 1.3, 0.42, 'asr'],
      ['metformin', 1.4, 2, 0.31, 'plugin:medical'],
    ]);
    // a recogniser's word claiming to be a person's is not trusted
    expect(turns[1]!.words[0]!.origin).toBe('asr');
  });

  it('split long turns into paragraphs of at most maxWordsPerParagraph words', () => {
    const words = Array.from({ length: 5 }, (_, i) => ({ text: `w${i}`, start: i, end: i + 0.5, confidence: 1 }));
    const doc = buildTranscriptDoc(new Y.Doc(), [{ start: 0, end: 5, words }], { maxWordsPerParagraph: 2 });
    expect(readTranscriptTurns(doc).map((t) => t.words.length)).toEqual([2, 2, 1]);
  });
});

describe('readTranscriptTurns on words glued from runs', () => {
  it('gives a word made of runs out of time order (concurrent edits) the span of all of them', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), [{ start: 0, end: 4, words: [{ text: 'late', start: 3, end: 4, confidence: 0.9 }] }]);
    const paragraph = (doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta()[0] as { insert: Y.XmlText }).insert;
    paragraph.insert(4, 'early', { t: encodeWordTiming({ start: 1, end: 2, conf: 0.5, origin: 'asr' }) });
    expect(readTranscriptTurns(doc)[0]!.words).toEqual([{ text: 'lateearly', start: 1, end: 4, confidence: 0.5, origin: 'asr', reviewed: false }]);
  });
});

describe('migrateTranscriptDoc', () => {
  it('opens a document written by the schema-1 code (per-field attributes) and keeps every word, time and mark', () => {
    const old = new Y.Doc();
    Y.applyUpdate(old, readFileSync(new URL('../../test/fixtures/transcript-doc-schema1.bin', import.meta.url)));
    expect(transcriptDocVersion(old)).toBe(1);
    const migrated = migrateTranscriptDoc(old)!;
    expect(transcriptDocVersion(migrated)).toBe(2);
    expect(validateTranscriptDoc(migrated)).toEqual([]);
    const [ana, ben] = readTranscriptTurns(migrated);
    expect(ana!.words.map((w) => w.text).join(' ')).toBe('we measures metformin levels today');
    expect(ana!.words[0]).toMatchObject({ text: 'we', start: 0.5, end: 0.7, reviewed: true, reviewedBy: 'user-1', reviewedAt: 1_790_000_000_000 });
    expect(ana!.words[1]).toMatchObject({ text: 'measures', start: 0.8, end: 1.3, confidence: 0.42, origin: 'human', reviewed: false });
    expect(ana!.words[2]).toMatchObject({ origin: 'plugin:medical', confidence: 0.31 });
    expect(ben!.words.map((w) => w.text)).toEqual(['thank', 'you']);
    // the original is untouched
    expect(transcriptDocVersion(old)).toBe(1);
    expect(migrateTranscriptDoc(migrated)).toBeUndefined();
  });

  it('refuses a document written by a newer schema, and one whose version is not a number', () => {
    const newer = buildTranscriptDoc(new Y.Doc(), segments);
    newer.getMap(TRANSCRIPT_META).set('schema', TRANSCRIPT_SCHEMA_VERSION + 1);
    expect(() => migrateTranscriptDoc(newer)).toThrow(expect.objectContaining({ code: 'newer-schema' }));
    newer.getMap(TRANSCRIPT_META).set('schema', 'two');
    expect(() => migrateTranscriptDoc(newer)).toThrow(TranscriptDocError);
  });
});

describe('validateTranscriptDoc', () => {
  it('names what is wrong and where', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), segments);
    const paragraph = (doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta()[0] as { insert: Y.XmlText }).insert;
    paragraph.format(0, 2, { t: 'garbage', evil: '<script>' });
    paragraph.format(3, 2, { r: 'no-time' });
    expect(validateTranscriptDoc(doc).map((p) => [p.paragraph, p.message])).toEqual([
      [0, 'a word carries the unknown attribute "evil"'],
      [0, 'a word carries a review mark that does not decode'],
    ]);
  });
});
