import { checkPairs } from './checkPairs.ts';
import { QualityMeasureError } from './QualityMeasureError.ts';

/** One bin of a reliability diagram: words whose confidence fell in `[lower, upper)` (the last bin includes 1). */
export interface ReliabilityBin {
  readonly lower: number;
  readonly upper: number;
  /** Words in the bin. */
  readonly count: number;
  /** Of which correct. */
  readonly correct: number;
  /** Mean confidence of its words; null for an empty bin. */
  readonly meanConfidence: number | null;
  /** correct / count; null for an empty bin. */
  readonly accuracy: number | null;
}

/**
 * Reliability diagram data: confidences put into `bins` equal-width bins over [0, 1] (a confidence of exactly 1 goes
 * into the last bin; values outside [0, 1] are clamped), each with its word count, mean confidence and observed
 * accuracy. `correct[i]` says whether the word with `confidences[i]` was right.
 *
 * @example
 * reliabilityBins([0.05, 0.95, 0.97], [false, true, false], 10)[9] // { lower: 0.9, upper: 1, count: 2, correct: 1, meanConfidence: 0.96, accuracy: 0.5 }
 */
export function reliabilityBins(confidences: readonly number[], correct: readonly boolean[], bins = 10): ReliabilityBin[] {
  checkPairs(confidences, correct);
  if (!Number.isInteger(bins) || bins < 1) throw new QualityMeasureError('invalid-value', `The number of bins must be a positive integer (got ${bins}).`);
  const count = new Array<number>(bins).fill(0);
  const right = new Array<number>(bins).fill(0);
  const sum = new Array<number>(bins).fill(0);
  confidences.forEach((raw, i) => {
    const confidence = Math.min(1, Math.max(0, raw));
    const bin = Math.min(bins - 1, Math.floor(confidence * bins));
    count[bin]!++;
    sum[bin]! += confidence;
    if (correct[i]) right[bin]!++;
  });
  return count.map((n, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: n,
    correct: right[b]!,
    meanConfidence: n === 0 ? null : sum[b]! / n,
    accuracy: n === 0 ? null : right[b]! / n,
  }));
}

/**
 * Expected calibration error: the count-weighted mean over {@link reliabilityBins} of |accuracy − mean confidence|;
 * 0 for a perfectly calibrated model, null when there are no words.
 *
 * @example
 * expectedCalibrationError([0.9, 0.9, 0.1], [true, false, false]) // (2·|0.5−0.9| + 1·|0−0.1|) / 3 = 0.3
 */
export function expectedCalibrationError(confidences: readonly number[], correct: readonly boolean[], bins = 10): number | null {
  if (confidences.length === 0) {
    checkPairs(confidences, correct);
    return null;
  }
  let total = 0;
  for (const bin of reliabilityBins(confidences, correct, bins)) {
    if (bin.count > 0) total += bin.count * Math.abs(bin.accuracy! - bin.meanConfidence!);
  }
  return total / confidences.length;
}
