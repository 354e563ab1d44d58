/** Why a stored transcript document cannot be opened for writing. */
export type TranscriptDocErrorCode = 'invalid-document' | 'newer-schema' | 'migration-failed';

/** A transcript document that fails validation, was written by a newer schema, or could not be migrated. */
export class TranscriptDocError extends Error {
  override readonly name = 'TranscriptDocError';
  readonly code: TranscriptDocErrorCode;

  constructor(code: TranscriptDocErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
