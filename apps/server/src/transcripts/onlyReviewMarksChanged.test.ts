import type { Segment } from '@verbatim/core';
import { buildTranscriptDoc, encodeReviewMark, encodeWordTiming, readTranscriptWords, TRANSCRIPT_ROOT, type WordOrigin } from '@verbatim/core/document';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { onlyReviewMarksChanged } from './onlyReviewMarksChanged.ts';

const SEGMENTS: Segment[] = [
  {
    speaker: 'Ada',
    start: 0.5,
    end: 2.1,
    words: [
      { text: 'hello', start: 0.5, end: 0.9, confidence: 0.97 },
      { text: 'wrld', start: 1.0, end: 1.4, confidence: 0.41 },
      { text: 'again', start: 1.6, end: 2.1, confidence: 0.88 },
    ],
  },
  { speaker: 'Bob', start: 3, end: 3.5, words: [{ text: 'yes', start: 3, end: 3.5, confidence: 0.99 }] },
];

const mark = (by: string, at = 1) => encodeReviewMark({ by, at });
const timing = (start: number, end: number, conf: number, origin: WordOrigin = 'asr') => encodeWordTiming({ start, end, conf, origin });

function paragraphs(doc: Y.Doc): Y.XmlText[] {
  return (doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: unknown }>).map((op) => op.insert as Y.XmlText);
}

function copy(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  return other;
}

describe('onlyReviewMarksChanged', () => {
  it('allows marking and unmarking words reviewed, and nothing else', () => {
    const before = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const marked = copy(before);
    paragraphs(marked)[0]!.format(0, 5, { r: mark('u-ada') });
    expect(onlyReviewMarksChanged(before, marked)).toBe(true);
    const unmarked = copy(marked);
    paragraphs(unmarked)[0]!.format(0, 5, { r: null });
    expect(onlyReviewMarksChanged(marked, unmarked)).toBe(true);

    const typed = copy(before);
    paragraphs(typed)[0]!.insert(7, 'o', { t: timing(1.0, 1.4, 0.41) });
    expect(onlyReviewMarksChanged(before, typed)).toBe(false);
    const retimed = copy(before);
    paragraphs(retimed)[0]!.format(0, 5, { t: timing(0.1, 0.9, 0.97) });
    expect(onlyReviewMarksChanged(before, retimed)).toBe(false);
    const renamed = copy(before);
    paragraphs(renamed)[1]!.setAttribute('speaker', 'Eve');
    expect(onlyReviewMarksChanged(before, renamed)).toBe(false);
  });

  it('keeps a plugin\'s origin through a review, and not through a correction', () => {
    const words: Segment['words'] = [
      { text: 'take', start: 0, end: 0.4, confidence: 0.9 },
      { text: '5', start: 0.4, end: 0.6, confidence: 0.8, origin: 'plugin:medical' },
      { text: 'mg', start: 0.6, end: 0.8, confidence: 0.8, origin: 'plugin:medical' },
    ];
    const doc = buildTranscriptDoc(new Y.Doc(), [{ start: 0, end: 0.8, words }]);
    const before = copy(doc);
    paragraphs(doc)[0]!.format(5, 1, { r: mark('u-ada') });
    expect(onlyReviewMarksChanged(before, doc)).toBe(true);
    expect(readTranscriptWords(doc)[1]).toMatchObject({ text: '5', origin: 'plugin:medical', reviewed: true });
    paragraphs(doc)[0]!.insert(8, 'g', { t: timing(0.6, 0.8, 0.8, 'human') });
    expect(readTranscriptWords(doc)[2]).toMatchObject({ text: 'mgg', origin: 'human' });
    expect(onlyReviewMarksChanged(before, doc)).toBe(false);
  });

  it('lets a reviewer set marks in their own name, and in nobody else\'s', () => {
    const before = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const own = copy(before);
    paragraphs(own)[0]!.format(6, 4, { r: mark('u-ada', 1_700_000_000_000) });
    expect(onlyReviewMarksChanged(before, own, { userId: 'u-ada' })).toBe(true);
    expect(onlyReviewMarksChanged(before, own, { userId: 'u-eve' })).toBe(false);
    // without a user to check against, only the shape of the mark matters
    expect(onlyReviewMarksChanged(before, own)).toBe(true);

    // marks already there may name anyone: Eve marking another word leaves Ada's alone
    const more = copy(own);
    paragraphs(more)[1]!.format(0, 3, { r: mark('u-eve', 1_700_000_000_001) });
    expect(onlyReviewMarksChanged(own, more, { userId: 'u-eve' })).toBe(true);
    // taking a mark away is allowed; rewriting someone's mark to another name, or another time, is not
    const cleared = copy(own);
    paragraphs(cleared)[0]!.format(6, 4, { r: null });
    expect(onlyReviewMarksChanged(own, cleared, { userId: 'u-eve' })).toBe(true);
    const stolen = copy(own);
    paragraphs(stolen)[0]!.format(6, 4, { r: mark('u-mallory', 1_700_000_000_000) });
    expect(onlyReviewMarksChanged(own, stolen, { userId: 'u-eve' })).toBe(false);
    const redated = copy(own);
    paragraphs(redated)[0]!.format(6, 4, { r: mark('u-ada', 5) });
    expect(onlyReviewMarksChanged(own, redated, { userId: 'u-eve' })).toBe(false);
  });

  it('refuses malformed marks, schema 1\'s per-field marks, and any other change made beside them', () => {
    const before = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    for (const attributes of [{ r: true }, { r: 'now' }, { r: 42 }, { r: 'u-ada@' }, { reviewed: true }, { reviewedBy: 'u-ada' }, { reviewedAt: 1 }]) {
      const doc = copy(before);
      paragraphs(doc)[0]!.format(0, 5, attributes as Record<string, unknown>);
      expect(onlyReviewMarksChanged(before, doc, { userId: 'u-ada' }), JSON.stringify(attributes)).toBe(false);
    }
    const sneaky = copy(before);
    paragraphs(sneaky)[0]!.format(0, 5, { r: mark('u-ada'), t: timing(0, 1, 1) });
    expect(onlyReviewMarksChanged(before, sneaky, { userId: 'u-ada' })).toBe(false);
  });
});
