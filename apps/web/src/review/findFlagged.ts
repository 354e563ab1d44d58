import { type Descendant, Path, type Point } from 'slate';
import { collectFlagged } from './collectFlagged.ts';

/** Options of {@link findFlagged}. */
export interface FindFlaggedOptions {
  /** Start over at the other end when nothing is found (default true). */
  wrap?: boolean;
}

/**
 * The path of the next (direction 1) or previous (-1) flagged word after (before) `from`, the caret; the word the
 * caret is in does not count. Without a caret the search starts at the document's start (end). Wraps around by
 * default; undefined when the document has no flagged word (other than the current one, when not wrapping).
 */
export function findFlagged(
  children: readonly Descendant[],
  threshold: number,
  from: Point | null | undefined,
  direction: 1 | -1,
  options: FindFlaggedOptions = {},
): Path | undefined {
  const wrap = options.wrap ?? true;
  // the flagged words kept per paragraph: only paragraphs changed since the last look are read again
  const hits = collectFlagged(children, threshold).map((f) => f.path);
  if (hits.length === 0) return undefined;
  if (!from) return direction === 1 ? hits[0] : hits[hits.length - 1];
  const at = from.path.slice(0, 2);
  if (direction === 1) {
    const next = hits.find((h) => Path.isAfter(h, at));
    return next ?? (wrap ? hits[0] : undefined);
  }
  const before = hits.filter((h) => Path.isBefore(h, at));
  return before.at(-1) ?? (wrap ? hits[hits.length - 1] : undefined);
}
