/** One slice's error rate and its size. */
export interface SliceRate {
  readonly key: string;
  readonly rate: number;
  readonly words: number;
}

/** The widest gap between slices: the worst over the best error rate. */
export interface Disparity {
  readonly worst: string;
  readonly best: string;
  /** worst.rate / best.rate; Infinity when the best slice made no errors and the worst did. */
  readonly ratio: number;
}

/**
 * The largest disparity among slices with at least `minWords` words: the slice with the highest error rate over the
 * one with the lowest. null with fewer than two such slices. Equal rates give a ratio of 1 (0/0 counts as 1).
 *
 * @example
 * largestDisparity([{ key: 'a', rate: 0.1, words: 200 }, { key: 'b', rate: 0.3, words: 150 }], 100) // { worst: 'b', best: 'a', ratio: 3 }
 */
export function largestDisparity(slices: readonly SliceRate[], minWords: number): Disparity | null {
  const enough = slices.filter((s) => s.words >= minWords && Number.isFinite(s.rate));
  if (enough.length < 2) return null;
  let worst = enough[0]!;
  let best = enough[0]!;
  for (const slice of enough) {
    if (slice.rate > worst.rate) worst = slice;
    if (slice.rate < best.rate) best = slice;
  }
  const ratio = worst.rate === best.rate ? 1 : best.rate === 0 ? Infinity : worst.rate / best.rate;
  return { worst: worst.key, best: best.key, ratio };
}
