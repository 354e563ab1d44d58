/** What was wrong with a transcript, a word list or an option handed to `@verbatim/core`. */
export type TranscriptErrorCode =
  | 'invalid-transcript'
  | 'invalid-segment'
  | 'invalid-word'
  | 'invalid-time'
  | 'invalid-option'
  | 'invalid-json';

/** Bad input to a transcript function; `code` says which check failed and the message names the place. */
export class TranscriptError extends Error {
  override readonly name = 'TranscriptError';
  readonly code: TranscriptErrorCode;

  constructor(code: TranscriptErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
