/**
 * Everything the server needs to start, after {@link loadConfig} has read flags and environment and checked them.
 * Paths are absolute.
 */
export interface ServerConfig {
  /** TCP port to listen on; 0 picks a free one (tests). */
  readonly port: number;
  /** Interface to bind; `127.0.0.1` by default so a fresh install is not reachable from the network. */
  readonly host: string;
  /** Where the database and media live (created if missing). */
  readonly dataDir: string;
  /** The model bundle directory (`model.json` + the ONNX file). */
  readonly modelDir: string;
  /** Transcription worker threads. */
  readonly workers: number;
  /** Largest accepted upload, in bytes. */
  readonly uploadLimitBytes: number;
  /** The address users reach the server at (behind a proxy), without a trailing slash; undefined when not set. */
  readonly publicUrl: string | undefined;
  /** Session cookies carry `Secure`: true when {@link publicUrl} is https. */
  readonly secureCookies: boolean;
}
