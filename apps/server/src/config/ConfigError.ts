/** Which setting was wrong. */
export type ConfigErrorCode =
  | 'unknown-option'
  | 'missing-value'
  | 'unexpected-argument'
  | 'invalid-port'
  | 'invalid-host'
  | 'invalid-path'
  | 'invalid-workers'
  | 'invalid-upload-limit'
  | 'invalid-max-duration'
  | 'invalid-max-expansion'
  | 'invalid-idle-timeout'
  | 'invalid-public-url'
  | 'invalid-data-dir'
  | 'invalid-database'
  | 'invalid-media-dir'
  | 'invalid-media-store'
  | 'invalid-s3-endpoint'
  | 'invalid-plugins'
  | 'invalid-plugin-errors'
  | 'invalid-plugin-timeout'
  | 'invalid-plugin-memory'
  | 'invalid-trust-proxy'
  | 'invalid-live-viewer-limit';

/** A flag or environment variable has a value the server cannot use; the message names it and says what fits. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;

  constructor(code: ConfigErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
