import { isFlagged } from '@verbatim/core';
import type { WordLeaf } from '../editor/transcriptTypes.ts';

/**
 * How strongly to tint a flagged word (see `isFlagged` in @verbatim/core), 1 (just below the threshold) to 4 (far
 * below), so that confidence is visible but quiet; 0 when the word is not flagged.
 */
export function flagLevel(word: Pick<WordLeaf, 'conf' | 'reviewed'>, threshold: number): 0 | 1 | 2 | 3 | 4 {
  if (!isFlagged(word.conf, word.reviewed, threshold) || threshold <= 0) return 0;
  const depth = (threshold - word.conf) / threshold;
  return depth < 0.25 ? 1 : depth < 0.5 ? 2 : depth < 0.75 ? 3 : 4;
}
