import { QualityMeasureError } from './QualityMeasureError.ts';

/** A two-sided confidence interval. */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** The normal quantile of a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval of a proportion `k / n` (95 % unless `z` says otherwise); unlike the normal approximation it
 * stays inside [0, 1] and is sensible for k = 0 or k = n and small n. null when n = 0.
 *
 * @example
 * wilsonInterval(8, 10) // { lower: 0.4902…, upper: 0.9433… }
 */
export function wilsonInterval(k: number, n: number, z: number = Z_95): Interval | null {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0 || k > n) {
    throw new QualityMeasureError('invalid-value', `A proportion needs integers 0 ≤ k ≤ n (got k = ${k}, n = ${n}).`);
  }
  if (n === 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
