import * as Y from 'yjs';
import { isReviewMarkValue, REVIEW_MARK_KEY, TRANSCRIPT_ROOT } from '@verbatim/core/document';

type Attributes = Record<string, unknown>;
type Run = { insert: string; attributes: Attributes };
type Block = { attributes: Attributes; runs: Run[] } | { text: string };
/** A stretch of a paragraph's characters and the review mark they carry. */
type MarkRun = { length: number; mark: Attributes };

/** Options of {@link onlyReviewMarksChanged}. */
export interface OnlyReviewMarksChangedOptions {
  /**
   * The reviewer's user id: every review mark the change sets or alters must then be in that reviewer's name (or be
   * removed). Marks left as they were may name anyone. Without it, who a mark names is not checked.
   */
  readonly userId?: string | undefined;
}

/**
 * True when `after` differs from `before` at most by the review marks of words (the packed `r` attribute,
 * `REVIEW_MARK_KEY` of `@verbatim/core/document`): same paragraphs with the same attributes, same text, same timing,
 * confidence and origin. This is what a reviewer may change in a transcript (`transcript.review`) without the right
 * to edit it. The marks it sets must decode (`isReviewMarkValue`) and, given `options.userId`, name that reviewer,
 * so no one records a review in someone else's name.
 *
 * It reads both whole documents: for judging one update against a live document, use `onlyReviewMarksUpdate`,
 * which costs in proportion to the update (that is what collaboration rooms do).
 *
 * @example
 * expect(onlyReviewMarksChanged(before, after, { userId: reviewer.id })).toBe(true);
 */
export function onlyReviewMarksChanged(before: Y.Doc, after: Y.Doc, options: OnlyReviewMarksChangedOptions = {}): boolean {
  const old = paragraphsOf(before);
  const now = paragraphsOf(after);
  if (JSON.stringify(old.map(withoutReviewMarks)) !== JSON.stringify(now.map(withoutReviewMarks))) return false;
  // same blocks, same text: the marks can be compared character by character
  return now.every((op, index) => {
    if (!(op.insert instanceof Y.XmlText)) return true;
    return changedMarksAreValid(markRuns(old[index]!.insert as Y.XmlText), markRuns(op.insert), options.userId);
  });
}

function paragraphsOf(doc: Y.Doc): Array<{ insert: unknown }> {
  return doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: unknown }>;
}

function withoutReviewMarks(op: { insert: unknown }): Block {
  if (!(op.insert instanceof Y.XmlText)) return { text: String(op.insert) };
  const runs: Run[] = [];
  for (const piece of op.insert.toDelta() as Array<{ insert: unknown; attributes?: Attributes }>) {
    const attributes = split(piece.attributes ?? {}).rest;
    const insert = typeof piece.insert === 'string' ? piece.insert : '\u{fffc}';
    const last = runs.at(-1);
    // runs that differed only by their review marks are one run once they are removed
    if (last !== undefined && sameAttributes(last.attributes, attributes)) last.insert += insert;
    else runs.push({ insert, attributes });
  }
  return { attributes: sortKeys(op.insert.getAttributes()), runs: runs.map((run) => ({ insert: run.insert, attributes: sortKeys(run.attributes) })) };
}

function markRuns(paragraph: Y.XmlText): MarkRun[] {
  return (paragraph.toDelta() as Array<{ insert: unknown; attributes?: Attributes }>).map((piece) => ({
    length: typeof piece.insert === 'string' ? piece.insert.length : 1,
    mark: split(piece.attributes ?? {}).mark,
  }));
}

// walks both paragraphs' runs together; wherever the mark differs, the new one must be one the reviewer may set
function changedMarksAreValid(before: readonly MarkRun[], after: readonly MarkRun[], userId: string | undefined): boolean {
  let i = 0;
  let j = 0;
  let leftInBefore = before[0]?.length ?? 0;
  let leftInAfter = after[0]?.length ?? 0;
  while (i < before.length && j < after.length) {
    const mark = after[j]!.mark;
    if (leftInAfter > 0 && leftInBefore > 0 && !sameAttributes(before[i]!.mark, mark) && !isReviewMarkValue(mark[REVIEW_MARK_KEY], userId)) return false;
    const step = Math.min(leftInBefore, leftInAfter);
    leftInBefore -= step;
    leftInAfter -= step;
    if (leftInBefore === 0) leftInBefore = before[++i]?.length ?? 0;
    if (leftInAfter === 0) leftInAfter = after[++j]?.length ?? 0;
  }
  return true;
}

function split(attributes: Attributes): { mark: Attributes; rest: Attributes } {
  const mark: Attributes = {};
  const rest: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    // a mark removed by formatting with null reads as no mark
    if (key === REVIEW_MARK_KEY) {
      if (value !== null && value !== undefined) mark[key] = value;
    } else rest[key] = value;
  }
  return { mark, rest };
}

function sameAttributes(a: Attributes, b: Attributes): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(record: Attributes): Attributes {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
