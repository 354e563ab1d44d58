/** Which review check failed. */
export type ReviewErrorCode = 'invalid-review' | 'transcript-not-found' | 'word-not-found' | 'review-text-mismatch';

/** Bad input to the review store; `code` says which check failed. */
export class ReviewError extends Error {
  override readonly name = 'ReviewError';
  readonly code: ReviewErrorCode;

  constructor(code: ReviewErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
