import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { buildTranscriptDoc, encodeReviewMark, encodeWordTiming, readTranscriptTurns, readTranscriptWords, TRANSCRIPT_ROOT } from '../document.ts';
import type { Segment } from '../transcript.ts';

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

describe('readTranscriptTurns', () => {
  it('lays turns out as @slate-yjs elements and round-trips them through a binary update', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    expect(paragraphs(doc)[0]!.getAttributes()).toEqual({ type: 'turn', speaker: 'Ada', start: 0.5 });
    expect(paragraphs(doc)[0]!.toDelta()[0]).toEqual({ insert: 'hello', attributes: { t: encodeWordTiming({ start: 0.5, end: 0.9, conf: 0.97, origin: 'asr' }) } });
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
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
    // "wrld" starts at offset 6; the editor types "o" after "w" with the run's timing, origin switched to human
    paragraphs(doc)[0]!.insert(7, 'o', { t: encodeWordTiming({ start: 1.0, end: 1.4, conf: 0.41, origin: 'human' }) });
    expect(readTranscriptWords(doc)[1]).toEqual({ text: 'world', start: 1.0, end: 1.4, confidence: 0.41, origin: 'human', reviewed: false });
  });

  it('places a word typed from scratch between its neighbours', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    paragraphs(doc)[0]!.insert(5, ' big', {});
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

  it('reads who reviewed a word and when, gives a word of several runs the latest mark, and drops deleted words', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const first = paragraphs(doc)[0]!;
    first.format(0, 5, { r: encodeReviewMark({ by: 'u-ada', at: 1_700_000_000_000 }) });
    first.format(6, 2, { r: encodeReviewMark({ by: 'u-late', at: 20 }) }); // "wr"
    first.format(8, 2, { r: encodeReviewMark({ by: 'u-early', at: 10 }) }); // "ld"
    first.delete(11, 6); // " again"
    const words = readTranscriptWords(doc);
    expect(words[0]).toEqual({ text: 'hello', start: 0.5, end: 0.9, confidence: 0.97, origin: 'asr', reviewed: true, reviewedBy: 'u-ada', reviewedAt: 1_700_000_000_000 });
    expect(words[1]).toMatchObject({ text: 'wrld', reviewed: true, reviewedBy: 'u-late', reviewedAt: 20 });
    expect(words.map((w) => [w.text, w.reviewed])).toEqual([['hello', true], ['wrld', true], ['yes', false]]);
    expect('reviewedBy' in words[2]!).toBe(false);
  });
});
