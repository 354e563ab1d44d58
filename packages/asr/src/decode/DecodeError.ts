/** Which check on a decoder's input failed. */
export type DecodeErrorCode = 'invalid-log-probs' | 'invalid-blank-id' | 'invalid-option';

/** Bad input to a CTC decoder (a malformed log-prob matrix, a blank id outside the vocabulary, a bad option). */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  readonly code: DecodeErrorCode;

  constructor(code: DecodeErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
