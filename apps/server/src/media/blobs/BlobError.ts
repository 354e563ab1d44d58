/** Why the media store could not give or keep a blob. */
export type BlobErrorCode =
  /** The content's object (or file) is not in the store: deleted, or never published there. */
  | 'blob-missing'
  /** What the store holds under a content's name does not hash to it. */
  | 'blob-corrupt'
  /** At start: the store cannot be used (the bucket does not exist, the credentials are refused, the endpoint does not answer). */
  | 'store-unavailable';

/** A typed error from the media blob store; the message names the content or the store and says what went wrong. */
export class BlobError extends Error {
  override readonly name = 'BlobError';
  readonly code: BlobErrorCode;

  constructor(code: BlobErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
