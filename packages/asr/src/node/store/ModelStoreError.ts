/** Why a model store operation failed. */
export type ModelStoreErrorCode =
  | 'model-not-found'
  | 'model-in-use'
  | 'invalid-source'
  | 'invalid-ref'
  | 'download-failed'
  | 'download-too-large'
  | 'download-timeout'
  | 'checksum-mismatch'
  | 'invalid-archive'
  | 'archive-too-large'
  | 'already-installed'
  | 'store-corrupt'
  | 'cancelled';

/**
 * A model store operation was refused or failed. `code` says which check failed; the message names the source, the
 * file and the problem. The store is left as it was before the operation.
 */
export class ModelStoreError extends Error {
  override readonly name = 'ModelStoreError';
  readonly code: ModelStoreErrorCode;

  constructor(code: ModelStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
