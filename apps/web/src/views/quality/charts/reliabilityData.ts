import type { ReliabilityBinJson } from '@verbatim/core/api';
import type { CsvCell } from '../csv.ts';
import type { ErrorBarPoint } from './sliceData.ts';

/** What the reliability diagram draws: one bar per bin (observed accuracy) over the diagonal of perfect calibration. */
export interface ReliabilitySeries {
  /** "0.0–0.1" … */
  readonly labels: string[];
  /** Observed accuracy per bin with its Wilson interval as whiskers; null for an empty bin (no bar, not a zero). */
  readonly accuracy: (ErrorBarPoint | null)[];
  /** Mean confidence of the bin's words (where a calibrated model's bar would reach). */
  readonly meanConfidence: (number | null)[];
  /** The bin's midpoint: the diagonal drawn through the bins. */
  readonly diagonal: number[];
  readonly counts: number[];
}

/**
 * Bins → the diagram's datasets: labels from the bin bounds, accuracy and mean confidence with gaps where a bin is
 * empty, the diagonal through the bins' midpoints, and the word counts for the tooltips.
 *
 * @example
 * reliabilitySeries([{ lower: 0.9, upper: 1, count: 2, correct: 1, meanConfidence: 0.96, accuracy: 0.5, interval: null }]).labels // ['0.9–1.0']
 */
export function reliabilitySeries(bins: readonly ReliabilityBinJson[]): ReliabilitySeries {
  return {
    labels: bins.map((b) => `${b.lower.toFixed(1)}–${b.upper.toFixed(1)}`),
    accuracy: bins.map((b) => (b.count > 0 && b.accuracy !== null ? { y: b.accuracy, yMin: b.interval?.lower ?? b.accuracy, yMax: b.interval?.upper ?? b.accuracy } : null)),
    meanConfidence: bins.map((b) => (b.count > 0 ? b.meanConfidence : null)),
    diagonal: bins.map((b) => (b.lower + b.upper) / 2),
    counts: bins.map((b) => b.count),
  };
}

/** The diagram's data as CSV rows: one row per bin, empty cells where a bin has no words. */
export function reliabilityCsv(bins: readonly ReliabilityBinJson[]): CsvCell[][] {
  return [
    ['confidence_from', 'confidence_to', 'words', 'correct', 'mean_confidence', 'accuracy', 'accuracy_low', 'accuracy_high'],
    ...bins.map((b) => [b.lower, b.upper, b.count, b.correct, b.meanConfidence, b.accuracy, b.interval?.lower, b.interval?.upper]),
  ];
}
