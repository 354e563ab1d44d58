import type { LoginThrottleOptions } from '../auth/LoginThrottle.ts';

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
  /**
   * The PostgreSQL database (`postgres://` or `postgresql://` URL, password included) every store runs on; undefined:
   * the SQLite file `<dataDir>/verbatim.db`. Log `databaseUrlForDisplay` of it, never the URL itself.
   */
  readonly database?: string | undefined;
  /**
   * The media blobs (uploads and their waveform peaks), content-addressed: default `<dataDir>/media` (created if
   * missing); one set by flag or environment is a shared directory every process mounts, so it must exist and be
   * writable at start.
   */
  readonly mediaDir?: string | undefined;
  /**
   * The media blobs in an S3-compatible bucket (`s3://bucket/prefix`); {@link mediaDir} is then this node's cache of
   * them. Undefined: the media directory is the store. Credentials and region come from the AWS SDK's environment.
   */
  readonly mediaStore?: string | undefined;
  /** The S3-compatible server's URL (addressed path-style); undefined: AWS S3. */
  readonly s3Endpoint?: string | undefined;
  /** The model bundle directory (`model.json` + the ONNX file), installed into the model store at start. */
  readonly modelDir: string;
  /** The model store: the installed models, content-addressed (default `<dataDir>/models`). */
  readonly modelStoreDir?: string;
  /** Let the admin API install models from http:// URLs (tests against a local server); https only otherwise. No flag sets it. */
  readonly allowHttpModelUrls?: boolean;
  /**
   * The built web workbench (`index.html` and `assets/`) served at `/`. `npm start` refuses one set by flag or
   * environment that is not built; the default (this repository's apps/web/dist) may be built later, as each request
   * looks it up.
   */
  readonly webDir: string;
  /** Transcription worker threads; 0 runs none in this process (`verbatim-server worker` processes do the work). */
  readonly workers: number;
  /** Largest accepted upload, in bytes. */
  readonly uploadLimitBytes: number;
  /** Longest accepted recording, in seconds (default 6 h: `DEFAULT_MEDIA_LIMITS` of media/MediaLimits.ts). */
  readonly maxDurationSeconds?: number;
  /** Largest accepted ratio of a recording's decoded size (16 kHz 16-bit mono) to its file size (default 1000). */
  readonly maxExpansion?: number;
  /** A connection that sends nothing for this long is closed, in milliseconds (default 60 000); there is no total limit. */
  readonly idleTimeoutMs?: number;
  /** The address users reach the server at (behind a proxy), without a trailing slash; undefined when not set. */
  readonly publicUrl: string | undefined;
  /** Session cookies carry `Secure`: true when {@link publicUrl} is https. */
  readonly secureCookies: boolean;
  /** Directories whose subfolders are plugin packages (default: the repository's `plugins/`); may be empty. */
  readonly pluginDirs: readonly string[];
  /** Further plugin packages by npm name, resolved from the working directory. */
  readonly plugins: readonly string[];
  /** What a job does when a plugin's post-processor fails: leave the plugin out (`skip`) or fail the job (`fail`). */
  readonly pluginErrors: 'skip' | 'fail';
  /** Time limit of one call into a plugin, in milliseconds; past it the plugin's worker is stopped. */
  readonly pluginTimeoutMs: number;
  /** JavaScript heap limit of each plugin's worker thread, in MB. */
  readonly pluginMemoryMb: number;
  /**
   * Reverse proxies in front of the server whose `X-Forwarded-For` entries are trusted to name the client (0: none, the
   * TCP peer is the client). Login throttling counts per client address, so behind a proxy this must be set.
   */
  readonly trustProxy?: number;
  /**
   * Requests per minute one client address may make to the public viewer routes `/live/view/*` (default 6000: a venue's
   * audience shares one address behind its Wi-Fi's NAT, and each screen makes a few requests as it opens).
   */
  readonly liveViewerRequestsPerMinute?: number;
  /** Caption streams open at once from one client address (default 2000). */
  readonly liveViewerStreamsPerAddress?: number;
  /** Caption streams open at once on the whole server, from every address (default 10 000): bounds their memory. */
  readonly liveViewerStreams?: number;
  /** Limits of login throttling (see `LoginThrottle`); not read from flags: the defaults suit, tests narrow them. */
  readonly loginThrottle?: LoginThrottleOptions;
  /** scrypt runs at once and waiting (see `AccountStore`); not read from flags. */
  readonly passwordHashing?: { readonly maxConcurrent?: number; readonly maxQueued?: number };
}
