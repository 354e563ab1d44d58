/** What was wrong with the input to an error-rate function. */
export type ScoringErrorCode = 'length-mismatch' | 'invalid-text';

/** Bad input to `wordErrorRate` / `charErrorRate`; `code` says which check failed. */
export class ScoringError extends Error {
  override readonly name = 'ScoringError';
  readonly code: ScoringErrorCode;

  constructor(code: ScoringErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
