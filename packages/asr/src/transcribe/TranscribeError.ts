/** Why a transcription could not run. */
export type TranscribeErrorCode = 'invalid-option' | 'model-mismatch';

/** Bad transcription options (window sizes, decoder), or a model that does not belong to the bundle passed with it. */
export class TranscribeError extends Error {
  override readonly name = 'TranscribeError';
  readonly code: TranscribeErrorCode;

  constructor(code: TranscribeErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
