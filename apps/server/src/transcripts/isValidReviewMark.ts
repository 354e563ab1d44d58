import { REVIEW_MARK_ATTRIBUTES } from './transcriptDoc.ts';

/** Longest `reviewedBy` a mark may carry (user ids are UUIDs; this leaves room without letting a mark carry a payload). */
const MAX_REVIEWED_BY_CHARS = 200;

/** True when `key` is one of {@link REVIEW_MARK_ATTRIBUTES}. */
export function isReviewMarkKey(key: string): key is (typeof REVIEW_MARK_ATTRIBUTES)[number] {
  return (REVIEW_MARK_ATTRIBUTES as readonly string[]).includes(key);
}

/**
 * True when `value` may be stored under the review-mark attribute `key`: null (no mark), a boolean `reviewed`, a
 * finite `reviewedAt`, a short string `reviewedBy`. Says nothing of whose name it is.
 */
export function isReviewMarkValue(key: string, value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (key === 'reviewed') return typeof value === 'boolean';
  if (key === 'reviewedAt') return typeof value === 'number' && Number.isFinite(value);
  if (key === 'reviewedBy') return typeof value === 'string' && value.length <= MAX_REVIEWED_BY_CHARS;
  return false;
}

/**
 * True when a word's review mark (its `reviewed`, `reviewedBy`, `reviewedAt`; absent ones are no mark) is one a
 * reviewer may set: well-formed, and, given `userId`, naming that reviewer or no one.
 */
export function isValidReviewMark(mark: Readonly<Record<string, unknown>>, userId: string | undefined): boolean {
  const { reviewed, reviewedBy, reviewedAt } = mark;
  if (reviewed !== undefined && typeof reviewed !== 'boolean') return false;
  if (reviewedAt !== undefined && !(typeof reviewedAt === 'number' && Number.isFinite(reviewedAt))) return false;
  if (reviewedBy === undefined) return true;
  return typeof reviewedBy === 'string' && (userId === undefined || reviewedBy === userId);
}
