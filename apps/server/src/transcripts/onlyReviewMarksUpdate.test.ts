import type { Segment } from '@verbatim/core';
import { buildTranscriptDoc, encodeReviewMark, encodeWordTiming, type WordOrigin, TRANSCRIPT_ROOT } from '@verbatim/core/document';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { inspectUpdate } from '../yjs/inspectUpdate.ts';
import { onlyReviewMarksChanged } from './onlyReviewMarksChanged.ts';
import { onlyReviewMarksUpdate } from './onlyReviewMarksUpdate.ts';

const SEGMENTS: Segment[] = [
  {
    speaker: 'Ada',
    start: 0.5,
    end: 2,
    words: [
      { text: 'hello', start: 0.5, end: 0.9, confidence: 0.97 },
      { text: 'wrld', start: 1.0, end: 1.4, confidence: 0.41 },
      { text: 'again', start: 1.5, end: 2, confidence: 0.8 },
    ],
  },
  { speaker: 'Bob', start: 3, end: 4, words: [{ text: 'yes', start: 3, end: 3.4, confidence: 0.9 }, { text: 'indeed', start: 3.5, end: 4, confidence: 0.7 }] },
];

/** A packed review mark (the word run's `r`) in `by`'s name. */
const mark = (by: string, at = 1) => encodeReviewMark({ by, at });
/** A packed word timing (the word run's `t`). */
const timing = (start: number, end: number, conf: number, origin: WordOrigin = 'asr') => encodeWordTiming({ start, end, conf, origin });

const paragraphs = (doc: Y.Doc) => (doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: Y.XmlText }>).map((op) => op.insert);

function copy(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  return other;
}

/** What `change` does to a copy of `doc`, as the update(s) a client would send, merged. */
function updateOf(doc: Y.Doc, change: (copy: Y.Doc) => void): { update: Uint8Array; after: Y.Doc; changed: boolean } {
  const after = copy(doc);
  const updates: Uint8Array[] = [];
  after.on('update', (update: Uint8Array) => updates.push(update));
  change(after);
  return { update: updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates), after, changed: updates.length > 0 };
}

function judge(doc: Y.Doc, update: Uint8Array, userId?: string): boolean {
  return onlyReviewMarksUpdate(doc, inspectUpdate(doc, update, { deletesLimit: 10_000 }), { userId });
}

// a format item of `key` in the paragraph, found by walking its items
function formatItem(paragraph: Y.XmlText, key: string, nth = 0): Y.Item {
  let seen = 0;
  for (let item = paragraph._start; item !== null; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentFormat && item.content.key === key && seen++ === nth) return item;
  }
  throw new Error(`no ${key} format`);
}

describe('onlyReviewMarksUpdate', () => {
  it('allows marking and unmarking words reviewed, and nothing else', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const marked = updateOf(doc, (d) => paragraphs(d)[0]!.format(0, 5, { r: mark('u-ada') }));
    expect(judge(doc, marked.update)).toBe(true);
    Y.applyUpdate(doc, marked.update);
    expect(judge(doc, updateOf(doc, (d) => paragraphs(d)[0]!.format(0, 5, { r: null })).update)).toBe(true);

    expect(judge(doc, updateOf(doc, (d) => paragraphs(d)[0]!.insert(7, 'o', { t: timing(1, 1.4, 0.41) })).update)).toBe(false);
    expect(judge(doc, updateOf(doc, (d) => paragraphs(d)[0]!.format(0, 5, { t: timing(0.1, 0.9, 0.97) })).update)).toBe(false);
    expect(judge(doc, updateOf(doc, (d) => paragraphs(d)[1]!.setAttribute('speaker', 'Eve')).update)).toBe(false);
    expect(judge(doc, updateOf(doc, (d) => paragraphs(d)[0]!.delete(0, 1)).update)).toBe(false);
    expect(judge(doc, updateOf(doc, (d) => d.getMap('evil').set('x', 1)).update)).toBe(false);
    expect(judge(doc, updateOf(doc, (d) => d.get(TRANSCRIPT_ROOT, Y.XmlText).format(0, 1, { r: mark('u-ada') })).update)).toBe(false);
  });

  it('lets a reviewer mark in their own name, leave others\' marks as they are, and take marks away', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const own = updateOf(doc, (d) => paragraphs(d)[0]!.format(6, 4, { r: mark('u-ada', 1_700_000_000_000) }));
    expect(judge(doc, own.update, 'u-ada')).toBe(true);
    expect(judge(doc, own.update, 'u-eve')).toBe(false);
    expect(judge(doc, own.update)).toBe(true);
    Y.applyUpdate(doc, own.update);

    // Eve marks "wr", inside Ada's "wrld": the format that ends her range restores Ada's mark on "ld", which is fine
    expect(judge(doc, updateOf(doc, (d) => paragraphs(d)[0]!.format(6, 2, { r: mark('u-eve', 5) })).update, 'u-eve')).toBe(true);
    expect(judge(doc, updateOf(doc, (d) => paragraphs(d)[1]!.format(0, 3, { r: mark('u-eve', 5) })).update, 'u-eve')).toBe(true);
    expect(judge(doc, updateOf(doc, (d) => paragraphs(d)[0]!.format(6, 4, { r: null })).update, 'u-eve')).toBe(true);
    expect(judge(doc, updateOf(doc, (d) => paragraphs(d)[0]!.format(6, 4, { r: mark('u-mallory', 1_700_000_000_000) })).update, 'u-eve')).toBe(false);
    // changing only the time of Ada's review would pass it off as hers
    expect(judge(doc, updateOf(doc, (d) => paragraphs(d)[0]!.format(6, 4, { r: mark('u-ada', 7) })).update, 'u-eve')).toBe(false);
  });

  it("refuses deleting the end of someone's mark, which would stretch it over the next words", () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    Y.applyUpdate(doc, updateOf(doc, (d) => paragraphs(d)[0]!.format(0, 5, { r: mark('u-ada') })).update);
    // the format that closes Ada's range is the second `r` in the paragraph
    const stretch = updateOf(doc, (d) => d.transact((t) => formatItem(paragraphs(d)[0]!, 'r', 1).delete(t)));
    expect(judge(doc, stretch.update, 'u-eve')).toBe(false);
    // deleting her mark's opening format takes the mark away, which a reviewer may do
    const clear = updateOf(doc, (d) => d.transact((t) => formatItem(paragraphs(d)[0]!, 'r', 0).delete(t)));
    expect(judge(doc, clear.update, 'u-eve')).toBe(true);
    // deleting both, with Eve's mark put in its place in her own name, is fine; in Ada's name it is not
    expect(judge(doc, updateOf(doc, (d) => d.transact((t) => {
      formatItem(paragraphs(d)[0]!, 'r', 0).delete(t);
      paragraphs(d)[0]!.format(0, 5, { r: mark('u-eve', 9) });
    })).update, 'u-eve')).toBe(true);
    expect(judge(doc, updateOf(doc, (d) => paragraphs(d)[0]!.format(0, 5, { r: mark('u-ada', 9) })).update, 'u-eve')).toBe(false);
  });

  it('counts the marks an update adds and deletes at once as deleted (a client that keeps deleted content)', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const keeping = new Y.Doc({ gc: false });
    Y.applyUpdate(keeping, Y.encodeStateAsUpdate(doc));
    const updates: Uint8Array[] = [];
    keeping.on('update', (update: Uint8Array) => updates.push(update));
    // the second format replaces the first, which is deleted but still carries its mark
    keeping.transact(() => {
      paragraphs(keeping)[0]!.format(0, 5, { r: mark('u-me') });
      paragraphs(keeping)[0]!.format(0, 5, { r: mark('u-other') });
    });
    expect(onlyReviewMarksChanged(doc, keeping, { userId: 'u-me' })).toBe(false);
    expect(judge(doc, updates[0]!, 'u-me')).toBe(false);
  });

  it('refuses malformed marks and any other change made beside them', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const malformed = [
      { r: true }, { r: 'now' }, { r: 42 }, { r: `u-ada@${'1'.repeat(1000)}` }, { r: `${'x'.repeat(1000)}@1` }, { r: 'u-ada@' }, { r: '@1' }, { r: 'u ada@1' }, { r: 'u-ada@1@2' },
      { r: { by: 'u-ada', at: 1 } },
      // schema 1's per-field marks are no longer review marks: unknown attributes
      { reviewed: true }, { reviewedBy: 'u-ada' }, { reviewedAt: 1 },
    ];
    for (const attributes of malformed) {
      expect(judge(doc, updateOf(doc, (d) => paragraphs(d)[0]!.format(0, 5, attributes as Record<string, unknown>)).update, 'u-ada'), JSON.stringify(attributes).slice(0, 40)).toBe(false);
    }
    const sneaky = updateOf(doc, (d) => paragraphs(d)[0]!.format(0, 5, { r: mark('u-ada'), t: timing(0, 1, 1) }));
    expect(judge(doc, sneaky.update, 'u-ada')).toBe(false);
  });

  it('refuses what it cannot judge exactly: a mark whose neighbours were parted since, an update that waits for others', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const marking = updateOf(doc, (d) => paragraphs(d)[0]!.format(0, 5, { r: mark('u-ada') }));
    // meanwhile an editor typed where the mark begins
    Y.applyUpdate(doc, updateOf(doc, (d) => paragraphs(d)[0]!.insert(0, 'Oh ', { t: timing(0.4, 0.5, 1, 'human') })).update);
    expect(judge(doc, marking.update)).toBe(false);

    const fresh = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    const first = updateOf(fresh, (d) => paragraphs(d)[0]!.format(0, 5, { r: mark('u-ada') }));
    const second = updateOf(fresh, (d) => {
      Y.applyUpdate(d, first.update);
      paragraphs(d)[1]!.format(0, 3, { r: mark('u-ada') });
    });
    expect(judge(fresh, second.update)).toBe(false);
  });

  it('agrees with a comparison of the whole documents on random reviews (in sync)', () => {
    let seed = 11;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const segments: Segment[] = Array.from({ length: 4 }, (_, s) => ({
      speaker: `S${s}`,
      start: s * 10,
      end: s * 10 + 8,
      words: Array.from({ length: 8 }, (_, w) => ({ text: `w${s}${w}`, start: s * 10 + w, end: s * 10 + w + 0.8, confidence: 0.5 })),
    }));
    const live = buildTranscriptDoc(new Y.Doc(), segments);
    const values = {
      r: () => [mark('u-me', 1), mark('u-me', 2), mark('u-other', 3), null, null, 'maybe', true, 'u-me@soon'][random(8)],
      t: () => timing(0, 0.1, 0.1),
      reviewed: () => true,
    };
    let accepted = 0;
    for (let step = 0; step < 400; step++) {
      if (random(6) === 0) {
        // another reviewer's mark, as the room would have accepted from them
        const paragraph = paragraphs(live)[random(4)]!;
        const from = random(paragraph.length - 1);
        paragraph.format(from, 1 + random(paragraph.length - from), { r: mark('u-other', 3) });
        continue;
      }
      const { update, after, changed } = updateOf(live, (d) => {
        const paragraph = paragraphs(d)[random(4)]!;
        const kind = random(20);
        if (kind === 0) paragraph.insert(random(paragraph.length), 'x', {});
        else if (kind === 1) paragraph.delete(random(paragraph.length - 1), 1);
        else if (kind < 5) {
          // delete a review format here, an item at a time, the way a cleanup or a hostile client would
          const formats: Y.Item[] = [];
          for (let item = paragraph._start; item !== null; item = item.right) if (!item.deleted && item.content instanceof Y.ContentFormat && item.content.key === 'r') formats.push(item);
          if (formats.length > 0) d.transact((t) => formats[random(formats.length)]!.delete(t));
        } else {
          const from = random(paragraph.length - 1);
          const attributes: Record<string, unknown> = {};
          for (const key of Object.keys(values) as Array<keyof typeof values>) if (random(key === 'r' ? 2 : 12) === 0) attributes[key] = values[key]();
          paragraph.format(from, 1 + random(paragraph.length - from), attributes);
        }
      });
      if (!changed) continue;
      const oracle = onlyReviewMarksChanged(live, after, { userId: 'u-me' });
      expect(judge(live, update, 'u-me'), `step ${step}`).toBe(oracle);
      if (oracle) {
        Y.applyUpdate(live, update);
        accepted++;
      }
    }
    expect(accepted).toBeGreaterThan(50);
  });
});
