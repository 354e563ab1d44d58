import type { CreateReviewBody, ReviewJson } from '@verbatim/core/api';
import type { WordLeaf } from '../editor/transcriptTypes.ts';

/** The body of `POST /api/transcripts/:id/reviews` (declared in `@verbatim/core/api`, which the server validates it with). */
export type ReviewRequest = CreateReviewBody;

/** A stored review, as the server answers (`@verbatim/core/api`'s `ReviewJson`). */
export type ReviewRecord = ReviewJson;

/** The request recording that a reviewer confirmed `word` as recognised. */
export function acceptRequest(word: Pick<WordLeaf, 'text' | 'start' | 'end' | 'conf'>): ReviewRequest {
  return { action: 'accept', start: word.start, end: word.end, before: word.text, after: word.text, confidence: word.conf };
}

/**
 * The request recording a correction of a word shown as `before` (its text when the reviewer reached it) into
 * `after`; undefined when nothing changed.
 */
export function correctionRequest(
  before: string,
  after: string,
  word: Pick<WordLeaf, 'start' | 'end' | 'conf'>,
): ReviewRequest | undefined {
  const a = after.trim();
  if (a === before.trim()) return undefined;
  return { action: 'correct', start: word.start, end: word.end, before, after: a, confidence: word.conf };
}

