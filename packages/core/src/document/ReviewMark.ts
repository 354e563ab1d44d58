/** A reviewer's confirmation of a word: who (a user id) and when (milliseconds since the epoch). */
export interface ReviewMark {
  by: string;
  at: number;
}

/** Longest user id a review mark may carry (ids are UUIDs; room to spare without letting a mark carry a payload). */
export const MAX_REVIEWER_ID_CHARS = 200;

const USER_ID = /^[^\s@]{1,200}$/u;

/**
 * Packs a review mark into the one string a word's run carries (`r`): `<userId>@<time in ms, base 36>`.
 *
 * @example
 * encodeReviewMark({ by: 'u1', at: 1_700_000_000_000 }) // 'u1@loyw3v28'
 */
export function encodeReviewMark(mark: ReviewMark): string {
  if (!USER_ID.test(mark.by)) throw new RangeError('A reviewer id must be 1-200 characters without spaces or "@".');
  return `${mark.by}@${Math.max(0, Math.round(mark.at)).toString(36)}`;
}

/** Reads a packed review mark (see {@link encodeReviewMark}); undefined when `value` is not one. */
export function decodeReviewMark(value: unknown): ReviewMark | undefined {
  if (typeof value !== 'string' || value.length > MAX_REVIEWER_ID_CHARS + 12) return undefined;
  const at = value.lastIndexOf('@');
  if (at <= 0) return undefined;
  const by = value.slice(0, at);
  const time = value.slice(at + 1);
  if (!USER_ID.test(by) || !/^[0-9a-z]{1,11}$/u.test(time)) return undefined;
  return { by, at: Number.parseInt(time, 36) };
}

/**
 * True when `value` may be stored as a word's review mark by the reviewer `userId`: null or absent (no mark), or a
 * well-formed mark in that reviewer's name (any name when `userId` is undefined).
 */
export function isReviewMarkValue(value: unknown, userId?: string): boolean {
  if (value === null || value === undefined) return true;
  const mark = decodeReviewMark(value);
  return mark !== undefined && (userId === undefined || mark.by === userId);
}
