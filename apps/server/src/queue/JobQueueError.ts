/** Why the queue refused a call. */
export type JobQueueErrorCode = 'invalid-job' | 'invalid-argument' | 'invalid-cursor' | 'unknown-project';

/** Bad input to the job queue; `code` says which check failed and the message names the value. */
export class JobQueueError extends Error {
  override readonly name = 'JobQueueError';
  readonly code: JobQueueErrorCode;

  constructor(code: JobQueueErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
