/** Why speakers could not be assigned. */
export type DiarizationErrorCode = 'invalid-speakers';

/** A bad diarization request, e.g. a number of speakers that is not a positive whole number. */
export class DiarizationError extends Error {
  override readonly name = 'DiarizationError';
  readonly code: DiarizationErrorCode;

  constructor(code: DiarizationErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
