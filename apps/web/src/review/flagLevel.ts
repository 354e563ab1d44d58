import type { WordLeaf } from '../editor/transcriptTypes.ts';

/** The review threshold a project starts with. */
export const DEFAULT_REVIEW_THRESHOLD = 0.6;

/**
 * True when a word needs a reviewer's look: its confidence is below the project's threshold and nobody reviewed
 * it yet. Flagging is derived, never stored: moving the threshold changes it everywhere at once.
 */
export function isFlagged(word: Pick<WordLeaf, 'conf' | 'reviewed'>, threshold: number): boolean {
  return word.reviewed !== true && word.conf < threshold;
}

/**
 * How strongly to tint a flagged word, 1 (just below the threshold) to 4 (far below), so that confidence is
 * visible but quiet; 0 when the word is not flagged.
 */
export function flagLevel(word: Pick<WordLeaf, 'conf' | 'reviewed'>, threshold: number): 0 | 1 | 2 | 3 | 4 {
  if (!isFlagged(word, threshold) || threshold <= 0) return 0;
  const depth = (threshold - word.conf) / threshold;
  return depth < 0.25 ? 1 : depth < 0.5 ? 2 : depth < 0.75 ? 3 : 4;
}
