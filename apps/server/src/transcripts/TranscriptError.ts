/** Which transcript check failed. */
export type TranscriptErrorCode = 'project-not-found' | 'invalid-transcript';

/** Bad input to the transcript store; `code` says which check failed. */
export class TranscriptError extends Error {
  override readonly name = 'TranscriptError';
  readonly code: TranscriptErrorCode;

  constructor(code: TranscriptErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
