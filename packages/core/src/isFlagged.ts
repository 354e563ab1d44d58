/** The review threshold a project starts with. */
export const DEFAULT_REVIEW_THRESHOLD = 0.6;

/**
 * True when a word waits for a reviewer: nobody reviewed it yet and its confidence is below the project's threshold.
 * Flags are derived, never stored, so moving the threshold changes them everywhere at once; the server's review
 * queue and the workbench both ask this function.
 *
 * @example
 * isFlagged(word.confidence, word.reviewed, project.reviewThreshold);
 */
export function isFlagged(confidence: number, reviewed: boolean | undefined, threshold: number): boolean {
  return reviewed !== true && confidence < threshold;
}
