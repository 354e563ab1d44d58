import type { Segment } from '@verbatim/core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { onlyReviewMarksChanged } from './onlyReviewMarksChanged.ts';
import { readTranscriptTurns, readTranscriptWords } from './readTranscriptWords.ts';
import { buildTranscriptDoc, TRANSCRIPT_ROOT } from './transcriptDoc.ts';

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

function paragraphs(doc: Y.Doc): Y.XmlText[] {
  return (doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: unknown }>).map((op) => op.insert as Y.XmlText);
}

describe('buildTranscriptDoc', () => {
  it('lays turns out as @slate-yjs elements: embedded XmlText per paragraph, one attributed insert per word', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const [first, second] = paragraphs(doc);
    expect(first).toBeInstanceOf(Y.XmlText);
    expect(first!.getAttributes()).toEqual({ type: 'turn', speaker: 'Ada', start: 0.5 });
    expect(second!.getAttributes()).toEqual({ type: 'turn', speaker: 'Bob', start: 3 });
    expect(first!.toDelta()).toEqual([
      { insert: 'hello', attributes: { start: 0.5, end: 0.9, conf: 0.97, origin: 'asr' } },
      { insert: ' ' },
      { insert: 'wrld', attributes: { start: 1.0, end: 1.4, conf: 0.41, origin: 'asr' } },
      { insert: ' ' },
      { insert: 'again', attributes: { start: 1.6, end: 2.1, conf: 0.88, origin: 'asr' } },
    ]);
  });

  it('splits a long turn into bounded paragraphs of the same speaker', () => {
    const words = Array.from({ length: 7 }, (_, i) => ({ text: `w${i}`, start: i, end: i + 0.5, confidence: 0.9 }));
    const doc = buildTranscriptDoc(new Y.Doc(), [{ speaker: 'Ada', start: 0, end: 7, words }], { maxWordsPerParagraph: 3 });
    expect(paragraphs(doc).map((p) => p.getAttributes())).toEqual([
      { type: 'turn', speaker: 'Ada', start: 0 },
      { type: 'turn', speaker: 'Ada', start: 3 },
      { type: 'turn', speaker: 'Ada', start: 6 },
    ]);
    expect(readTranscriptWords(doc).map((w) => w.text)).toEqual(words.map((w) => w.text));
  });

  it('refuses a document that already has content', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    expect(() => buildTranscriptDoc(doc, SEGMENTS)).toThrow(/empty/);
  });
});

describe('readTranscriptWords', () => {
  it('round-trips words through the document and a binary update', () => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(buildTranscriptDoc(new Y.Doc(), SEGMENTS)));
    expect(readTranscriptTurns(copy)).toEqual([
      {
        speaker: 'Ada',
        start: 0.5,
        words: [
          { text: 'hello', start: 0.5, end: 0.9, confidence: 0.97, origin: 'asr', reviewed: false },
          { text: 'wrld', start: 1.0, end: 1.4, confidence: 0.41, origin: 'asr', reviewed: false },
          { text: 'again', start: 1.6, end: 2.1, confidence: 0.88, origin: 'asr', reviewed: false },
        ],
      },
      { speaker: 'Bob', start: 3, words: [{ text: 'yes', start: 3, end: 3.5, confidence: 0.99, origin: 'asr', reviewed: false }] },
    ]);
  });

  it('keeps a word\'s timing when a correction is typed inside it, and shows the edit as human', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const first = paragraphs(doc)[0]!;
    // "wrld" starts at offset 6; the editor types "o" after "w" with the leaf's marks, origin switched to human
    first.insert(7, 'o', { start: 1.0, end: 1.4, conf: 0.41, origin: 'human' });
    const word = readTranscriptWords(doc)[1]!;
    expect(word).toEqual({ text: 'world', start: 1.0, end: 1.4, confidence: 0.41, origin: 'human', reviewed: false });
  });

  it('keeps the origin of words a plugin wrote, until a person edits them', () => {
    const words: Segment['words'] = [
      { text: 'take', start: 0, end: 0.4, confidence: 0.9 },
      { text: '5', start: 0.4, end: 0.6, confidence: 0.8, origin: 'plugin:medical' },
      { text: 'mg', start: 0.6, end: 0.8, confidence: 0.8, origin: 'plugin:medical' },
      // not a plugin id, and not the recogniser's to claim: written as asr
      { text: 'now', start: 0.9, end: 1.2, confidence: 0.9, origin: 'plugin:Bad Id' },
      { text: 'please', start: 1.3, end: 1.6, confidence: 0.9, origin: 'human' },
    ];
    const doc = buildTranscriptDoc(new Y.Doc(), [{ start: 0, end: 1.6, words }]);
    expect(paragraphs(doc)[0]!.toDelta()[2]).toEqual({ insert: '5', attributes: { start: 0.4, end: 0.6, conf: 0.8, origin: 'plugin:medical' } });
    expect(readTranscriptWords(doc).map((w) => w.origin)).toEqual(['asr', 'plugin:medical', 'plugin:medical', 'asr', 'asr']);

    const before = new Y.Doc();
    Y.applyUpdate(before, Y.encodeStateAsUpdate(doc));
    // a reviewer's mark keeps the plugin's origin; a correction typed into the word makes it human
    paragraphs(doc)[0]!.format(5, 1, { reviewed: true });
    expect(onlyReviewMarksChanged(before, doc)).toBe(true);
    expect(readTranscriptWords(doc)[1]).toMatchObject({ text: '5', origin: 'plugin:medical', reviewed: true });
    paragraphs(doc)[0]!.insert(8, 'g', { start: 0.6, end: 0.8, conf: 0.8, origin: 'human' });
    expect(readTranscriptWords(doc)[2]).toMatchObject({ text: 'mgg', origin: 'human' });
    expect(onlyReviewMarksChanged(before, doc)).toBe(false);
  });

  it('places a word typed from scratch between its neighbours', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const first = paragraphs(doc)[0]!;
    first.insert(5, ' big', {}); // after "hello", explicitly without word attributes
    const words = readTranscriptWords(doc);
    expect(words.map((w) => w.text)).toEqual(['hello', 'big', 'wrld', 'again', 'yes']);
    expect(words[1]).toEqual({ text: 'big', start: 0.9, end: 1.0, confidence: 1, origin: 'human', reviewed: false });
  });

  it('ignores the empty-text marker @slate-yjs leaves in an emptied paragraph', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const second = paragraphs(doc)[1]!;
    second.delete(0, second.length);
    second.insert(0, '\u200b', { __slateYjsEmptyText: true });
    expect(readTranscriptTurns(doc)[1]).toEqual({ speaker: 'Bob', start: 3, words: [] });
  });

  it('reads reviewed marks and drops deleted words', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const first = paragraphs(doc)[0]!;
    first.format(0, 5, { reviewed: true });
    first.delete(11, 6); // " again"
    const words = readTranscriptWords(doc);
    expect(words.map((w) => [w.text, w.reviewed])).toEqual([['hello', true], ['wrld', false], ['yes', false]]);
  });
});

describe('onlyReviewMarksChanged', () => {
  const copy = (doc: Y.Doc) => {
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    return other;
  };

  it('allows marking and unmarking words reviewed, and nothing else', () => {
    const before = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const marked = copy(before);
    paragraphs(marked)[0]!.format(0, 5, { reviewed: true });
    expect(onlyReviewMarksChanged(before, marked)).toBe(true);
    const unmarked = copy(marked);
    paragraphs(unmarked)[0]!.format(0, 5, { reviewed: null });
    expect(onlyReviewMarksChanged(marked, unmarked)).toBe(true);

    const typed = copy(before);
    paragraphs(typed)[0]!.insert(7, 'o', { start: 1.0, end: 1.4, conf: 0.41, origin: 'asr' });
    expect(onlyReviewMarksChanged(before, typed)).toBe(false);
    const retimed = copy(before);
    paragraphs(retimed)[0]!.format(0, 5, { start: 0.1 });
    expect(onlyReviewMarksChanged(before, retimed)).toBe(false);
    const renamed = copy(before);
    paragraphs(renamed)[1]!.setAttribute('speaker', 'Eve');
    expect(onlyReviewMarksChanged(before, renamed)).toBe(false);
  });
});

describe('review marks with reviewer and time', () => {
  const copy = (doc: Y.Doc) => {
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    return other;
  };

  it('reads who reviewed a word and when, only while it is reviewed', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const first = paragraphs(doc)[0]!;
    first.format(6, 4, { reviewed: true, reviewedBy: 'u-ada', reviewedAt: 1_700_000_000_000 }); // "wrld"
    first.format(0, 5, { reviewedBy: 'u-bob', reviewedAt: 5 }); // a stray mark on an unreviewed word
    const words = readTranscriptWords(doc);
    expect(words[1]).toEqual({ text: 'wrld', start: 1.0, end: 1.4, confidence: 0.41, origin: 'asr', reviewed: true, reviewedBy: 'u-ada', reviewedAt: 1_700_000_000_000 });
    expect(words[0]).toEqual({ text: 'hello', start: 0.5, end: 0.9, confidence: 0.97, origin: 'asr', reviewed: false });
    expect('reviewedBy' in words[0]!).toBe(false);
  });

  it('gives a word made of several leaves the latest of their marks', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const first = paragraphs(doc)[0]!;
    first.format(6, 2, { reviewed: true, reviewedBy: 'u-late', reviewedAt: 20 }); // "wr"
    first.format(8, 2, { reviewed: true, reviewedBy: 'u-early', reviewedAt: 10 }); // "ld"
    expect(readTranscriptWords(doc)[1]).toMatchObject({ text: 'wrld', reviewed: true, reviewedBy: 'u-late', reviewedAt: 20 });
  });

  it('lets a reviewer set marks in their own name, and in nobody else\'s', () => {
    const before = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const own = copy(before);
    paragraphs(own)[0]!.format(6, 4, { reviewed: true, reviewedBy: 'u-ada', reviewedAt: 1_700_000_000_000 });
    expect(onlyReviewMarksChanged(before, own, { userId: 'u-ada' })).toBe(true);
    expect(onlyReviewMarksChanged(before, own, { userId: 'u-eve' })).toBe(false);
    // without a user to check against, only the shape of the mark matters
    expect(onlyReviewMarksChanged(before, own)).toBe(true);

    // marks already there may name anyone: Eve marking another word leaves Ada's alone
    const more = copy(own);
    paragraphs(more)[1]!.format(0, 3, { reviewed: true, reviewedBy: 'u-eve', reviewedAt: 1_700_000_000_001 });
    expect(onlyReviewMarksChanged(own, more, { userId: 'u-eve' })).toBe(true);
    // taking a mark away is allowed; rewriting someone's mark to another name is not
    const cleared = copy(own);
    paragraphs(cleared)[0]!.format(6, 4, { reviewed: null, reviewedBy: null, reviewedAt: null });
    expect(onlyReviewMarksChanged(own, cleared, { userId: 'u-eve' })).toBe(true);
    const stolen = copy(own);
    paragraphs(stolen)[0]!.format(6, 4, { reviewedBy: 'u-mallory' });
    expect(onlyReviewMarksChanged(own, stolen, { userId: 'u-eve' })).toBe(false);
  });

  it('refuses malformed marks and any other change made beside them', () => {
    const before = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    for (const mark of [{ reviewed: 'yes' }, { reviewedAt: 'now' }, { reviewedBy: 42 }]) {
      const doc = copy(before);
      paragraphs(doc)[0]!.format(0, 5, mark as Record<string, unknown>);
      expect(onlyReviewMarksChanged(before, doc, { userId: 'u-ada' }), JSON.stringify(mark)).toBe(false);
    }
    const sneaky = copy(before);
    paragraphs(sneaky)[0]!.format(0, 5, { reviewed: true, reviewedBy: 'u-ada', reviewedAt: 1, conf: 1 });
    expect(onlyReviewMarksChanged(before, sneaky, { userId: 'u-ada' })).toBe(false);
  });
});
