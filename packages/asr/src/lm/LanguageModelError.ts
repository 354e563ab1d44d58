/** Why a language model could not be read, built or used. */
export type LanguageModelErrorCode =
  /** The file is not a Verbatim LM, is truncated, or its tables contradict each other. */
  | 'corrupt'
  /** A version of the format this runtime does not read. */
  | 'unsupported-version'
  /** The LM's words cannot be spelled with the acoustic model's tokens (wrong alphabet). */
  | 'vocabulary-mismatch'
  /** Nothing usable to estimate from (empty text, no words). */
  | 'empty'
  /** A bad option (order, cut-offs, weights). */
  | 'invalid-option';

/** A language model problem with a machine-readable `code` and a message that says what to do. */
export class LanguageModelError extends Error {
  override readonly name = 'LanguageModelError';
  readonly code: LanguageModelErrorCode;

  constructor(code: LanguageModelErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
