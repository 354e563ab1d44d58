import { checkPairs } from './checkPairs.ts';

/** How well a review threshold points reviewers at errors. */
export interface FlagPrecisionRecall {
  readonly threshold: number;
  /** Words below the threshold (what F8 visits). */
  readonly flagged: number;
  /** Words that were wrong. */
  readonly errors: number;
  /** Wrong words that were flagged. */
  readonly flaggedErrors: number;
  /** flaggedErrors / flagged: the share of flags that found an error; null when nothing is flagged. */
  readonly precision: number | null;
  /** flaggedErrors / errors: the share of errors a reviewer following only the flags finds; null without errors. */
  readonly recall: number | null;
}

/**
 * Flag precision and recall at a review threshold: a word is flagged when its confidence is below `threshold` (as
 * core's `isFlagged` decides for an unreviewed word).
 *
 * @example
 * flagPrecisionRecall([0.2, 0.4, 0.9, 0.95], [false, true, false, true], 0.6) // flagged 2, errors 2, flaggedErrors 1: precision 0.5, recall 0.5
 */
export function flagPrecisionRecall(confidences: readonly number[], correct: readonly boolean[], threshold: number): FlagPrecisionRecall {
  checkPairs(confidences, correct);
  let flagged = 0;
  let errors = 0;
  let flaggedErrors = 0;
  confidences.forEach((confidence, i) => {
    const isFlagged = confidence < threshold;
    const wrong = !correct[i];
    if (isFlagged) flagged++;
    if (wrong) errors++;
    if (isFlagged && wrong) flaggedErrors++;
  });
  return {
    threshold,
    flagged,
    errors,
    flaggedErrors,
    precision: flagged === 0 ? null : flaggedErrors / flagged,
    recall: errors === 0 ? null : flaggedErrors / errors,
  };
}
