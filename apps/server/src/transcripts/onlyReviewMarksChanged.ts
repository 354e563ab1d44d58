import * as Y from 'yjs';
import { TRANSCRIPT_ROOT } from './transcriptDoc.ts';

type Run = { insert: string; attributes: Record<string, unknown> };
type Block = { attributes: Record<string, unknown>; runs: Run[] } | { text: string };

/**
 * True when `after` differs from `before` at most by the `reviewed` marks of words: same paragraphs with the same
 * attributes, same text, same timing, confidence and origin. This is what a reviewer may change in a transcript
 * (`transcript.review`) without the right to edit it.
 */
export function onlyReviewMarksChanged(before: Y.Doc, after: Y.Doc): boolean {
  return JSON.stringify(withoutReviewMarks(before)) === JSON.stringify(withoutReviewMarks(after));
}

function withoutReviewMarks(doc: Y.Doc): Block[] {
  return (doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: unknown }>).map((op): Block => {
    if (!(op.insert instanceof Y.XmlText)) return { text: String(op.insert) };
    const runs: Run[] = [];
    for (const piece of op.insert.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
      const { reviewed: _reviewed, ...attributes } = piece.attributes ?? {};
      const insert = typeof piece.insert === 'string' ? piece.insert : '\u{fffc}';
      const last = runs.at(-1);
      // runs that differed only by their review mark are one run once it is removed
      if (last !== undefined && sameAttributes(last.attributes, attributes)) last.insert += insert;
      else runs.push({ insert, attributes });
    }
    return { attributes: sortKeys(op.insert.getAttributes()), runs: runs.map((run) => ({ insert: run.insert, attributes: sortKeys(run.attributes) })) };
  });
}

function sameAttributes(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
