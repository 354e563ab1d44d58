/** Why a model bundle could not be loaded. */
export type ModelBundleErrorCode =
  | 'bundle-not-found'
  | 'model-json-missing'
  | 'model-json-malformed'
  | 'missing-field'
  | 'invalid-field'
  | 'unsupported-schema'
  | 'unsupported-input-kind'
  | 'unsupported-output-kind'
  | 'unsupported-front-end'
  | 'model-file-missing'
  | 'tokens-file-missing'
  | 'tokens-file-malformed'
  | 'tokens-mismatch'
  | 'blank-out-of-range'
  | 'word-boundary-unknown'
  | 'hash-mismatch'
  | 'model-mismatch'
  // preparing and probing a model package (node/package)
  | 'unknown-layout'
  | 'unsafe-path'
  | 'onnx-unreadable'
  | 'onnx-load-failed'
  | 'output-shape-mismatch'
  | 'probe-failed';

/**
 * A model bundle (a directory with `model.json`, the ONNX file and its tokens) is missing, malformed or
 * disagrees with itself. `code` says which check failed; `field` names the model.json field when one is at fault.
 */
export class ModelBundleError extends Error {
  override readonly name = 'ModelBundleError';
  readonly code: ModelBundleErrorCode;
  readonly field: string | undefined;

  constructor(code: ModelBundleErrorCode, message: string, options?: { field?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options?.field;
  }
}
