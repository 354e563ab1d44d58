import { join } from 'node:path';
import { BUNDLED_WEB_DIR, loadConfig } from '../config/loadConfig.ts';
import { ConfigError } from '../config/ConfigError.ts';
import { databaseUrlForDisplay } from '../config/databaseUrlForDisplay.ts';
import { checkModelBundle } from '../http/checkModelBundle.ts';
import { checkWebDir } from '../http/checkWebDir.ts';
import { startServer, type RunningServer } from '../http/startServer.ts';
import { closeOnSignals } from './closeOnSignals.ts';
import { reportStartFailure } from './reportStartFailure.ts';

/** What {@link runServer} needs from the process; the bin passes the real one. */
export interface ServerProcess {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Human-readable lines for the person who started the server. */
  out(text: string): void;
  err(text: string): void;
  /** Registers a handler for SIGINT and SIGTERM. */
  onSignal(handler: (signal: string) => void): void;
  exit(code: number): void;
}

/** Said at start on PostgreSQL when the media stay in the data directory: fine on one machine, not across several. */
export const LOCAL_MEDIA_NOTICE = (mediaDir: string): string =>
  `  Media are kept in ${mediaDir}: processes on other machines do not see it; give every process one shared --media-dir.`;

/** Exit statuses of the server process. */
export const EXIT_OK = 0;
/** Could not start: port taken, model bundle, web directory, data or media directory unusable, database refused. */
export const EXIT_FAILED = 1;
/** A flag or environment variable has an unusable value. */
export const EXIT_CONFIG = 2;
/**
 * The PostgreSQL database (`--database`) could not be reached or refused the sign-in at start: the installation may be
 * fine, so a supervisor can retry (3 is `admin reset-password`'s unknown email).
 */
export const EXIT_DATABASE = 4;
/**
 * The S3 media store (`--media-store`) could not be used at start: the bucket does not exist, the credentials were
 * refused, or the endpoint does not answer. Like {@link EXIT_DATABASE}, the installation may be fine.
 */
export const EXIT_STORAGE = 5;

/**
 * `npm start`: reads the configuration, checks the model bundle and the web workbench's directory (one set with
 * `--web-dir` must hold a built workbench; this repository's apps/web/dist, the default, may be unbuilt: the API
 * works meanwhile), starts the server and prints where it listens;
 * the first SIGINT/SIGTERM closes it gracefully (running jobs finish or go back to the queue) and exits 0, a
 * second one exits at once. Resolves with the running server, or undefined after asking `proc` to exit.
 */
export async function runServer(proc: ServerProcess): Promise<RunningServer | undefined> {
  let config;
  try {
    config = loadConfig({ argv: proc.argv, env: proc.env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    proc.err(`verbatim: ${error.message}`);
    proc.exit(EXIT_CONFIG);
    return undefined;
  }
  const model = await checkModelBundle(config.modelDir);
  if (!model.ok) {
    proc.err(`verbatim: cannot start: ${model.message}`);
    proc.exit(EXIT_FAILED);
    return undefined;
  }
  const web = await checkWebDir(config.webDir);
  if (!web.ok && config.webDir !== BUNDLED_WEB_DIR) {
    proc.err(`verbatim: cannot start: the web workbench directory (--web-dir or VERBATIM_WEB_DIR) is not usable: ${web.message} Point it at a built workbench (what \`npm run build\` writes to apps/web/dist), or leave it unset to serve this repository's.`);
    proc.exit(EXIT_FAILED);
    return undefined;
  }
  let server: RunningServer;
  try {
    server = await startServer(config, { print: (text) => proc.out(text) });
  } catch (error) {
    reportStartFailure(proc, config, error);
    return undefined;
  }
  proc.out(`Verbatim is listening on ${server.url}`);
  if (web.ok) proc.out(`  The workbench is at ${server.url}/ and the API at ${server.url}/api (OpenAPI at ${server.url}/api/openapi.json).`);
  else {
    proc.out(`  The web workbench is not built (no index.html in ${config.webDir}): run \`npm run build\` in apps/web, or pass --web-dir.`);
    proc.out(`  The API works meanwhile at ${server.url}/api (OpenAPI at ${server.url}/api/openapi.json).`);
  }
  if (config.database !== undefined) {
    proc.out(`  The database is PostgreSQL at ${databaseUrlForDisplay(config.database)}.`);
    if (config.mediaStore === undefined && (config.mediaDir === undefined || config.mediaDir === join(config.dataDir, 'media'))) proc.out(LOCAL_MEDIA_NOTICE(config.mediaDir ?? join(config.dataDir, 'media')));
  }
  if (config.mediaStore !== undefined) {
    proc.out(`  Media are in ${config.mediaStore}${config.s3Endpoint === undefined ? '' : ` at ${config.s3Endpoint}`}, cached in ${config.mediaDir ?? join(config.dataDir, 'media')}.`);
  }
  if (config.workers === 0) proc.out('  No transcription here (--workers 0): `verbatim-server worker` processes run the jobs.');
  closeOnSignals(proc, (signal) => `Verbatim: ${signal} received, shutting down (send it again to exit at once).`, () => server.close());
  return server;
}
