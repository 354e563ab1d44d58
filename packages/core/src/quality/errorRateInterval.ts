import { QualityMeasureError } from './QualityMeasureError.ts';
import { Z_95, type Interval } from './wilsonInterval.ts';

/** Errors and reference words of one independent unit (a verified span or transcript). */
export interface ErrorRateUnit {
  readonly errors: number;
  readonly words: number;
}

/**
 * Confidence interval (95 % unless `z` says otherwise) of a pooled error rate Σ errors / Σ words over units.
 *
 * The choice: analytic, not bootstrap. WER is a ratio of two sums whose words are not independent (errors cluster
 * within a recording and a speaker), and it is not a proportion (insertions can push it past 1), so Wilson does not
 * fit; a bootstrap over units would, but is random and costs hundreds of passes per slice. This is the ratio
 * estimator's linearised (delta-method) variance with units as clusters,
 * Var = k / (k − 1) · Σ (eᵢ − R·wᵢ)² / (Σ wᵢ)², the same quantity a cluster bootstrap estimates, deterministic
 * and O(k). Needs at least two units with words (null otherwise); the lower bound is clipped at 0.
 *
 * @example
 * errorRateInterval([{ errors: 1, words: 10 }, { errors: 3, words: 10 }]) // rate 0.2, ± 1.96 · 0.1
 */
export function errorRateInterval(units: readonly ErrorRateUnit[], z: number = Z_95): Interval | null {
  const bad = units.findIndex((u) => !Number.isFinite(u.errors) || !Number.isFinite(u.words) || u.errors < 0 || u.words < 0);
  if (bad >= 0) throw new QualityMeasureError('invalid-value', `Unit ${bad} needs non-negative errors and words.`);
  const counted = units.filter((u) => u.words > 0);
  const k = counted.length;
  if (k < 2) return null;
  const words = counted.reduce((sum, u) => sum + u.words, 0);
  const rate = counted.reduce((sum, u) => sum + u.errors, 0) / words;
  const squares = counted.reduce((sum, u) => sum + (u.errors - rate * u.words) ** 2, 0);
  const half = z * Math.sqrt((k / (k - 1)) * squares) / words;
  return { lower: Math.max(0, rate - half), upper: rate + half };
}
