/** Why a transcription job cannot run, whatever the number of attempts. */
export type JobErrorCode =
  | 'invalid-payload'
  | 'unknown-kind'
  | 'media-not-found'
  | 'media-file-missing'
  | 'model-unavailable'
  // a re-transcription's or comparison's own
  | 'transcript-not-found'
  | 'document-read-only'
  | 'comparison-not-found';

/** A job that can never succeed as submitted; `code` says why and the message is shown to the user on the job. */
export class JobError extends Error {
  override readonly name = 'JobError';
  readonly code: JobErrorCode;

  constructor(code: JobErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
