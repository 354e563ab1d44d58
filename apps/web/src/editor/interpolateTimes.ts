/** Rounds seconds to milliseconds so that interpolated times stay readable in the document. */
export function roundTime(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * Splits the span `[start, end]` into consecutive pieces proportional to `weights` (e.g. the words' lengths), so
 * that words typed into a gap share it. A reversed span counts as empty (every piece gets `start`).
 *
 * @example
 * spreadTimes(1, 2, [1, 3]) // [[1, 1.25], [1.25, 2]]
 */
export function spreadTimes(start: number, end: number, weights: readonly number[]): Array<[number, number]> {
  const span = Math.max(0, end - start);
  const total = weights.reduce((sum, w) => sum + Math.max(0, w), 0);
  const out: Array<[number, number]> = [];
  let at = start;
  let acc = 0;
  for (const w of weights) {
    acc += Math.max(0, w);
    const next = total > 0 ? start + (span * acc) / total : start;
    out.push([roundTime(at), roundTime(next)]);
    at = next;
  }
  return out;
}

/** The time at character `offset` of a word of `length` characters spanning `[start, end]` (linear in characters). */
export function timeAtOffset(start: number, end: number, offset: number, length: number): number {
  if (length <= 0) return start;
  const ratio = Math.min(1, Math.max(0, offset / length));
  return roundTime(start + (Math.max(0, end - start) * ratio));
}
