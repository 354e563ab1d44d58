/** Why a pooled transcription did not finish (besides its own errors and cancellation). */
export type TranscriberPoolErrorCode = 'disposed' | 'worker-exited';

/** The pool was disposed before a job finished, or the worker running it died. */
export class TranscriberPoolError extends Error {
  override readonly name = 'TranscriberPoolError';
  readonly code: TranscriberPoolErrorCode;

  constructor(code: TranscriberPoolErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
