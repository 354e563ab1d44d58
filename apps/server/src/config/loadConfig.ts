import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from './ConfigError.ts';
import { databaseUrlForDisplay } from './databaseUrlForDisplay.ts';
import { parseByteSize } from './parseByteSize.ts';
import { parseDuration } from './parseDuration.ts';
import { parseMediaStoreUrl } from '../media/blobs/parseMediaStoreUrl.ts';
import type { ServerConfig } from './ServerConfig.ts';

/** Where {@link loadConfig} reads from; each defaults to the running process's. */
export interface LoadConfigOptions {
  /** Command-line arguments without `node` and the script (default `process.argv.slice(2)`). */
  readonly argv?: readonly string[];
  /** Environment (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Relative paths are resolved against this (default `process.cwd()`). */
  readonly cwd?: string;
  /**
   * The settings this command takes, by flag without `--` (default: all, the server's). The others are refused as
   * flags and take their defaults whatever the environment says, so a worker shares a deployment's environment
   * with the web processes without reading their settings.
   */
  readonly accept?: readonly string[];
}

/** The bundled model of this repository: apps/server/src/config → repository root → models/. */
export const BUNDLED_MODEL_DIR = resolve(import.meta.dirname, '../../../../models/verbatim-en-char-v1');

/**
 * The default of `--web-dir`: the repository's built web workbench, found from where this module sits in the monorepo
 * (apps/server/src/config → apps/ → web/dist, written by `npm run build` in apps/web). The server runs from its
 * sources, so the path is fixed once installed; it needs no package dependency on `@verbatim/web`, and a deployment
 * that keeps the workbench elsewhere sets `--web-dir`/`VERBATIM_WEB_DIR`.
 */
export const BUNDLED_WEB_DIR = resolve(import.meta.dirname, '../../../web/dist');

/** The repository's first-party plugins: apps/server/src/config → repository root → plugins/. */
export const BUNDLED_PLUGINS_DIR = resolve(import.meta.dirname, '../../../../plugins');

const MAX_WORKERS = 64;
const PLUGIN_TIMEOUT_MS = { min: 100, max: 600_000 } as const;
const PLUGIN_MEMORY_MB = { min: 16, max: 16_384 } as const;
const TRUSTED_PROXIES = { min: 0, max: 10 } as const;
const LIVE_VIEWER_RATE = { min: 1, max: 1_000_000 } as const;
const LIVE_VIEWER_STREAMS = { min: 1, max: 1_000_000 } as const;
// npm's rules for a package name, scoped or not
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const MIN_UPLOAD_LIMIT = 1024;
const MAX_DURATION_SECONDS = { min: 1, max: 7 * 24 * 3600 } as const;
// above the 15 s keep-alive comments of the job event streams
const IDLE_TIMEOUT_SECONDS = { min: 20, max: 24 * 3600 } as const;
const MAX_EXPANSION = { min: 1, max: 1_000_000 } as const;

/** One server setting: its flag without `--`, its environment variable and its default. */
export interface Setting {
  readonly flag: string;
  readonly env: string;
  readonly fallback: string;
}

// One row per setting: the flag, its environment variable and its default, in the order `--help` would list them.
const SETTINGS = {
  port: { flag: 'port', env: 'VERBATIM_PORT', fallback: '8080' },
  host: { flag: 'host', env: 'VERBATIM_HOST', fallback: '127.0.0.1' },
  dataDir: { flag: 'data-dir', env: 'VERBATIM_DATA_DIR', fallback: './.data' },
  database: { flag: 'database', env: 'VERBATIM_DATABASE_URL', fallback: '' },
  mediaDir: { flag: 'media-dir', env: 'VERBATIM_MEDIA_DIR', fallback: '<data-dir>/media' },
  mediaStore: { flag: 'media-store', env: 'VERBATIM_MEDIA_STORE', fallback: '' },
  s3Endpoint: { flag: 's3-endpoint', env: 'VERBATIM_S3_ENDPOINT', fallback: '' },
  modelDir: { flag: 'model-dir', env: 'VERBATIM_MODEL_DIR', fallback: BUNDLED_MODEL_DIR },
  modelStore: { flag: 'model-store', env: 'VERBATIM_MODEL_STORE_DIR', fallback: '<data-dir>/models' },
  webDir: { flag: 'web-dir', env: 'VERBATIM_WEB_DIR', fallback: BUNDLED_WEB_DIR },
  workers: { flag: 'workers', env: 'VERBATIM_WORKERS', fallback: '1' },
  uploadLimit: { flag: 'upload-limit', env: 'VERBATIM_UPLOAD_LIMIT', fallback: '2GiB' },
  maxDuration: { flag: 'max-duration', env: 'VERBATIM_MAX_DURATION', fallback: '6h' },
  maxExpansion: { flag: 'max-expansion', env: 'VERBATIM_MAX_EXPANSION', fallback: '1000' },
  idleTimeout: { flag: 'idle-timeout', env: 'VERBATIM_IDLE_TIMEOUT', fallback: '60s' },
  publicUrl: { flag: 'public-url', env: 'VERBATIM_PUBLIC_URL', fallback: '' },
  pluginDirs: { flag: 'plugin-dirs', env: 'VERBATIM_PLUGIN_DIRS', fallback: BUNDLED_PLUGINS_DIR },
  plugins: { flag: 'plugins', env: 'VERBATIM_PLUGINS', fallback: '' },
  pluginErrors: { flag: 'plugin-errors', env: 'VERBATIM_PLUGIN_ERRORS', fallback: 'skip' },
  pluginTimeoutMs: { flag: 'plugin-timeout-ms', env: 'VERBATIM_PLUGIN_TIMEOUT_MS', fallback: '5000' },
  pluginMemoryMb: { flag: 'plugin-memory-mb', env: 'VERBATIM_PLUGIN_MEMORY_MB', fallback: '256' },
  trustProxy: { flag: 'trust-proxy', env: 'VERBATIM_TRUST_PROXY', fallback: '0' },
  liveViewerRate: { flag: 'live-viewer-rate', env: 'VERBATIM_LIVE_VIEWER_RATE', fallback: '6000' },
  liveViewerStreamsPerAddress: { flag: 'live-viewer-streams-per-address', env: 'VERBATIM_LIVE_VIEWER_STREAMS_PER_ADDRESS', fallback: '2000' },
  liveViewerStreams: { flag: 'live-viewer-streams', env: 'VERBATIM_LIVE_VIEWER_STREAMS', fallback: '10000' },
} as const satisfies Record<string, Setting>;

/** Every setting's flag (without `--`), environment variable and default, in the order `--help` lists them. */
export const SERVER_SETTINGS: readonly Setting[] = Object.freeze(Object.values(SETTINGS));

type SettingName = keyof typeof SETTINGS;

interface RawValue {
  readonly text: string;
  /** `--port` or `VERBATIM_PORT`, for messages. */
  readonly source: string;
}

/**
 * The server's configuration from command-line flags, then `VERBATIM_*` environment variables, then defaults:
 *
 * | flag | environment | default |
 * |---|---|---|
 * | `--port` | `VERBATIM_PORT` | 8080 |
 * | `--host` | `VERBATIM_HOST` | 127.0.0.1 |
 * | `--data-dir` | `VERBATIM_DATA_DIR` | ./.data |
 * | `--database` | `VERBATIM_DATABASE_URL` | none: the SQLite file `<data-dir>/verbatim.db` (a `postgres://` URL runs on PostgreSQL) |
 * | `--media-dir` | `VERBATIM_MEDIA_DIR` | `<data-dir>/media` (uploaded media; a shared directory when several processes serve) |
 * | `--media-store` | `VERBATIM_MEDIA_STORE` | none: the media directory is the store (`s3://bucket/prefix`: an S3-compatible bucket, the media directory its cache) |
 * | `--s3-endpoint` | `VERBATIM_S3_ENDPOINT` | none: AWS S3 (the URL of an S3-compatible server, addressed path-style) |
 * | `--model-dir` | `VERBATIM_MODEL_DIR` | the repository's models/verbatim-en-char-v1 (installed into the store at start) |
 * | `--model-store` | `VERBATIM_MODEL_STORE_DIR` | `<data-dir>/models` (the installed models; `verbatim model --store` shares it) |
 * | `--web-dir` | `VERBATIM_WEB_DIR` | the repository's apps/web/dist (the built workbench) |
 * | `--workers` | `VERBATIM_WORKERS` | 1 (0: none in this process, `verbatim-server worker` processes transcribe) |
 * | `--upload-limit` | `VERBATIM_UPLOAD_LIMIT` | 2GiB |
 * | `--max-duration` | `VERBATIM_MAX_DURATION` | 6h (longest accepted recording: `90min`, `1h30m`, `3600`) |
 * | `--max-expansion` | `VERBATIM_MAX_EXPANSION` | 1000 (decoded 16 kHz 16-bit mono bytes per file byte) |
 * | `--idle-timeout` | `VERBATIM_IDLE_TIMEOUT` | 60s (a connection silent this long is closed; at least 20s) |
 * | `--public-url` | `VERBATIM_PUBLIC_URL` | none (cookies get `Secure` when it is https) |
 * | `--plugin-dirs` | `VERBATIM_PLUGIN_DIRS` | the repository's plugins/ (a list separated like PATH; `--plugin-dirs ""` for none) |
 * | `--plugins` | `VERBATIM_PLUGINS` | none (comma-separated npm package names, resolved from the working directory) |
 * | `--plugin-errors` | `VERBATIM_PLUGIN_ERRORS` | skip (`fail` fails a job whose plugin fails) |
 * | `--plugin-timeout-ms` | `VERBATIM_PLUGIN_TIMEOUT_MS` | 5000 |
 * | `--plugin-memory-mb` | `VERBATIM_PLUGIN_MEMORY_MB` | 256 |
 * | `--trust-proxy` | `VERBATIM_TRUST_PROXY` | 0 (reverse proxies whose X-Forwarded-For names the client, 0 to 10) |
 * | `--live-viewer-rate` | `VERBATIM_LIVE_VIEWER_RATE` | 6000 (requests per minute per client address to `/live/view/*`) |
 * | `--live-viewer-streams-per-address` | `VERBATIM_LIVE_VIEWER_STREAMS_PER_ADDRESS` | 2000 (open caption streams per address) |
 * | `--live-viewer-streams` | `VERBATIM_LIVE_VIEWER_STREAMS` | 10000 (open caption streams on the whole server) |
 *
 * An empty environment variable counts as unset. Reads no files: whether the directories exist is checked at start.
 *
 * @throws {ConfigError} naming the flag or variable and what would be accepted.
 * @example
 * const config = loadConfig({ argv: ['--port', '9000'], env: { VERBATIM_DATA_DIR: '/srv/verbatim' } });
 */
export function loadConfig(options: LoadConfigOptions = {}): ServerConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const accepted = options.accept === undefined ? undefined : new Set(options.accept);
  const flags = readFlags(options.argv ?? process.argv.slice(2), accepted);
  const raw = (name: SettingName): RawValue => {
    const setting: Setting = SETTINGS[name];
    if (accepted !== undefined && !accepted.has(setting.flag)) return { text: setting.fallback, source: `the default of --${setting.flag}` };
    const fromFlag = flags[setting.flag];
    if (fromFlag !== undefined) return { text: fromFlag, source: `--${setting.flag}` };
    const fromEnv = env[setting.env];
    if (fromEnv !== undefined && fromEnv !== '') return { text: fromEnv, source: setting.env };
    return { text: setting.fallback, source: `the default of --${setting.flag}` };
  };
  const publicUrl = readPublicUrl(raw('publicUrl'));
  const dataDir = readPath(raw('dataDir'), cwd);
  const modelStore = raw('modelStore');
  const storeByDefault = modelStore.text === SETTINGS.modelStore.fallback && flags['model-store'] === undefined;
  const mediaDir = raw('mediaDir');
  const mediaByDefault = mediaDir.text === SETTINGS.mediaDir.fallback && flags['media-dir'] === undefined;
  return {
    port: readPort(raw('port')),
    host: readHost(raw('host')),
    dataDir,
    database: readDatabaseUrl(raw('database')),
    mediaDir: mediaByDefault ? join(dataDir, 'media') : readPath(mediaDir, cwd),
    mediaStore: readMediaStore(raw('mediaStore')),
    s3Endpoint: readS3Endpoint(raw('s3Endpoint')),
    modelDir: readPath(raw('modelDir'), cwd),
    modelStoreDir: storeByDefault ? join(dataDir, 'models') : readPath(modelStore, cwd),
    webDir: readPath(raw('webDir'), cwd),
    workers: readWorkers(raw('workers')),
    uploadLimitBytes: readUploadLimit(raw('uploadLimit')),
    maxDurationSeconds: readDuration(raw('maxDuration'), MAX_DURATION_SECONDS, 'invalid-max-duration', 'the longest recording accepted'),
    maxExpansion: readExpansion(raw('maxExpansion')),
    idleTimeoutMs: readDuration(raw('idleTimeout'), IDLE_TIMEOUT_SECONDS, 'invalid-idle-timeout', 'how long a silent connection stays open') * 1000,
    publicUrl,
    secureCookies: publicUrl?.startsWith('https:') ?? false,
    pluginDirs: readPathList(raw('pluginDirs'), cwd),
    plugins: readPackageNames(raw('plugins')),
    pluginErrors: readPluginErrors(raw('pluginErrors')),
    pluginTimeoutMs: readWholeNumber(raw('pluginTimeoutMs'), PLUGIN_TIMEOUT_MS, 'invalid-plugin-timeout', 'milliseconds'),
    pluginMemoryMb: readWholeNumber(raw('pluginMemoryMb'), PLUGIN_MEMORY_MB, 'invalid-plugin-memory', 'MB'),
    trustProxy: readWholeNumber(raw('trustProxy'), TRUSTED_PROXIES, 'invalid-trust-proxy', 'reverse proxies'),
    liveViewerRequestsPerMinute: readWholeNumber(raw('liveViewerRate'), LIVE_VIEWER_RATE, 'invalid-live-viewer-limit', 'requests per minute'),
    liveViewerStreamsPerAddress: readWholeNumber(raw('liveViewerStreamsPerAddress'), LIVE_VIEWER_STREAMS, 'invalid-live-viewer-limit', 'caption streams'),
    liveViewerStreams: readWholeNumber(raw('liveViewerStreams'), LIVE_VIEWER_STREAMS, 'invalid-live-viewer-limit', 'caption streams'),
  };
}

function readFlags(argv: readonly string[], accepted: ReadonlySet<string> | undefined): Record<string, string | undefined> {
  const settings = Object.values(SETTINGS).filter((s) => accepted === undefined || accepted.has(s.flag));
  const known = settings.map((s) => `--${s.flag}`);
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: Object.fromEntries(settings.map((s) => [s.flag, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    });
    return values as Record<string, string | undefined>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message.split('\n')[0]!;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new ConfigError('unknown-option', `${message}. ${accepted === undefined ? 'The server' : 'This command'} accepts ${known.join(', ')}.`, { cause: error });
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new ConfigError('missing-value', `${message}. Write the value after the flag, e.g. --port 8080.`, { cause: error });
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new ConfigError('unexpected-argument', `${message}. ${accepted === undefined ? 'The server' : 'This command'} takes only flags: ${known.join(', ')}.`, { cause: error });
    }
    throw error;
  }
}

function readPort({ text, source }: RawValue): number {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new ConfigError('invalid-port', `${source} must be a port number from 0 to 65535 (0 picks a free one), not ${quote(text)}.`);
  }
  return port;
}

function readHost({ text, source }: RawValue): string {
  const host = text.trim();
  if (host === '' || host.length > 253 || /[\s/\\?#@]/.test(host)) {
    throw new ConfigError(
      'invalid-host',
      `${source} must be a host name or IP address to listen on (such as 127.0.0.1, 0.0.0.0 or ::1), not ${quote(text)}.`,
    );
  }
  // "[::1]" is how addresses appear in URLs; the socket wants the bare address
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function readPath({ text, source }: RawValue, cwd: string): string {
  if (text.trim() === '' || text.includes('\0')) {
    throw new ConfigError('invalid-path', `${source} must be a directory path, not ${quote(text)}.`);
  }
  return isAbsolute(text) ? resolve(text) : resolve(cwd, text);
}

function readWorkers({ text, source }: RawValue): number {
  const workers = /^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(workers >= 0 && workers <= MAX_WORKERS)) {
    throw new ConfigError(
      'invalid-workers',
      `${source} must be a whole number of worker threads from 0 (none: \`verbatim-server worker\` processes transcribe) to ${MAX_WORKERS}, not ${quote(text)}.`,
    );
  }
  return workers;
}

// the password never reaches a message: a bad URL is shown by databaseUrlForDisplay, which drops it
function readMediaStore({ text, source }: RawValue): string | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  const location = parseMediaStoreUrl(value);
  if (typeof location === 'string') throw new ConfigError('invalid-media-store', `${source} ${location}; leave it unset to keep the media in --media-dir.`);
  return value;
}

function readS3Endpoint({ text, source }: RawValue): string | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  const url = URL.parse(value) ?? undefined;
  if (url === undefined || !/^https?:$/.test(url.protocol) || url.username !== '' || url.password !== '') {
    // never the credentials of a URL that carries them
    const shown = url !== undefined && /^https?:$/.test(url.protocol) ? `${url.protocol}//${url.host}` : value.slice(value.lastIndexOf('@') + 1);
    throw new ConfigError('invalid-s3-endpoint', `${source} must be the http:// or https:// URL of an S3-compatible server, such as http://minio.internal:9000 (credentials go in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), not ${quote(shown)}.`);
  }
  return value.replace(/\/+$/, '');
}

function readDatabaseUrl({ text, source }: RawValue): string | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  const url = URL.parse(value) ?? undefined;
  if (url === undefined || !/^postgres(ql)?:$/.test(url.protocol)) {
    // only what comes before the first colon: the rest may hold a password
    const shown = value.includes(':') ? `${value.slice(0, Math.min(value.indexOf(':'), 20))}:…` : value;
    throw new ConfigError(
      'invalid-database',
      `${source} must be a PostgreSQL URL such as postgres://verbatim@db.example.org:5432/verbatim (postgres:// or postgresql://), not ${quote(shown)}; leave it unset for the SQLite file in --data-dir.`,
    );
  }
  if (url.hostname === '' && url.searchParams.get('host') === null) {
    throw new ConfigError('invalid-database', `${source} must name the database server's host, as in postgres://verbatim@localhost:5432/verbatim, not ${quote(databaseUrlForDisplay(value))}.`);
  }
  if (url.pathname.replace(/^\//, '') === '') {
    throw new ConfigError('invalid-database', `${source} must name the database after the host, as in postgres://verbatim@localhost:5432/verbatim, not ${quote(databaseUrlForDisplay(value))}.`);
  }
  return value;
}

function readUploadLimit({ text, source }: RawValue): number {
  const bytes = parseByteSize(text);
  if (bytes === undefined) {
    throw new ConfigError(
      'invalid-upload-limit',
      `${source} must be a size such as 2GiB, 500MB or 1048576 (bytes), not ${quote(text)}. Units: B, kB, MB, GB, TB, KiB, MiB, GiB, TiB.`,
    );
  }
  if (bytes < MIN_UPLOAD_LIMIT) {
    throw new ConfigError(
      'invalid-upload-limit',
      `${source} is ${quote(text)}, which is ${bytes} bytes; the limit must be at least 1 KiB. Did you forget the unit (e.g. 2GiB)?`,
    );
  }
  return bytes;
}

function readPublicUrl({ text, source }: RawValue): string | undefined {
  if (text.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ConfigError('invalid-public-url', `${source} must be an absolute URL such as https://verbatim.example.org, not ${quote(text)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('invalid-public-url', `${source} must start with http:// or https://, not ${quote(text)}.`);
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ConfigError('invalid-public-url', `${source} must be a plain address without credentials, query or fragment, not ${quote(text)}.`);
  }
  return url.href.replace(/\/+$/, '');
}

function readPathList({ text, source }: RawValue, cwd: string): string[] {
  if (text.includes('\0')) throw new ConfigError('invalid-path', `${source} must be directory paths separated by "${delimiter}", not ${quote(text)}.`);
  // an empty list (`--plugin-dirs ""`) turns the bundled plugins off
  return text
    .split(delimiter)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => (isAbsolute(part) ? resolve(part) : resolve(cwd, part)));
}

function readPackageNames({ text, source }: RawValue): string[] {
  const names = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  const bad = names.find((name) => name.length > 214 || !PACKAGE_NAME.test(name));
  if (bad !== undefined) {
    throw new ConfigError(
      'invalid-plugins',
      `${source} must be npm package names separated by commas (such as @acme/verbatim-legal), not ${quote(bad)}. Put plugin folders in --plugin-dirs.`,
    );
  }
  return [...new Set(names)];
}

function readPluginErrors({ text, source }: RawValue): 'skip' | 'fail' {
  const value = text.trim();
  if (value === 'skip' || value === 'fail') return value;
  throw new ConfigError('invalid-plugin-errors', `${source} must be skip (leave a failing plugin out of the job) or fail (fail the job), not ${quote(text)}.`);
}

function readWholeNumber(
  { text, source }: RawValue,
  range: { readonly min: number; readonly max: number },
  code: 'invalid-plugin-timeout' | 'invalid-plugin-memory' | 'invalid-trust-proxy' | 'invalid-live-viewer-limit',
  unit: string,
): number {
  const value = /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= range.min && value <= range.max)) {
    throw new ConfigError(code, `${source} must be a whole number of ${unit} from ${range.min} to ${range.max}, not ${quote(text)}.`);
  }
  return value;
}

function readDuration(
  { text, source }: RawValue,
  range: { readonly min: number; readonly max: number },
  code: 'invalid-max-duration' | 'invalid-idle-timeout',
  what: string,
): number {
  const seconds = parseDuration(text);
  if (seconds === undefined || !(seconds >= range.min && seconds <= range.max)) {
    throw new ConfigError(
      code,
      `${source} is ${what}: a duration from ${range.min} s to ${range.max / 3600} h such as 6h, 90min, 1h30m or 45s (a bare number is seconds), not ${quote(text)}.`,
    );
  }
  return seconds;
}

function readExpansion({ text, source }: RawValue): number {
  const value = /^\d{1,7}(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= MAX_EXPANSION.min && value <= MAX_EXPANSION.max)) {
    throw new ConfigError(
      'invalid-max-expansion',
      `${source} must be a number from ${MAX_EXPANSION.min} to ${MAX_EXPANSION.max}: how many times its size a file may decode to (as 16 kHz 16-bit mono), not ${quote(text)}.`,
    );
  }
  return value;
}

// long or odd input is shown shortened and escaped, so the message stays one readable line
function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
