import { join } from 'node:path';
import { ConfigError } from '../config/ConfigError.ts';
import { databaseUrlForDisplay } from '../config/databaseUrlForDisplay.ts';
import { loadConfig } from '../config/loadConfig.ts';
import type { ServerConfig } from '../config/ServerConfig.ts';
import { checkModelBundle } from '../http/checkModelBundle.ts';
import { DATABASE_FILE, openServerContext, type ServerContext } from '../http/createServerContext.ts';
import { pinoLogger, type Logger } from '../http/Logger.ts';
import { createServerJobRunner } from '../jobs/createServerJobRunner.ts';
import type { JobRunner } from '../jobs/JobRunner.ts';
import { blobStoreFor } from '../media/blobs/blobStoreFor.ts';
import { MediaStore } from '../media/MediaStore.ts';
import { seedBundledModel } from '../models/seedBundledModel.ts';
import { loadServerPlugins, type ServerPlugins } from '../plugins/loadServerPlugins.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { closeOnSignals } from './closeOnSignals.ts';
import { reportStartFailure } from './reportStartFailure.ts';
import { EXIT_CONFIG, EXIT_FAILED, LOCAL_MEDIA_NOTICE, type ServerProcess } from './runServer.ts';

/** The settings a worker process takes (flag names without `--`), read as the server reads them. */
export const WORKER_SETTINGS: readonly string[] = Object.freeze([
  'data-dir',
  'database',
  'media-dir',
  'media-store',
  's3-endpoint',
  'workers',
  'model-dir',
  'model-store',
  'plugin-dirs',
  'plugins',
  'plugin-errors',
  'plugin-timeout-ms',
  'plugin-memory-mb',
]);

const WORKER_USAGE = 'Usage: verbatim-server worker [--data-dir <dir>] [--database <url>] [--media-dir <dir>] [--workers <n>] [--model-dir <dir>] … (see verbatim-server --help)';

/** How long running jobs may finish after SIGTERM/SIGINT before they go back to the queue (as the server's). */
const JOB_GRACE_MS = 10_000;

/** A started worker process. */
export interface RunningWorker {
  /** Stops claiming, lets running jobs finish (up to the grace period) or gives them back, then closes everything. */
  close(): Promise<void>;
}

/**
 * `verbatim-server worker`: transcription only, no HTTP. Opens the stores (`--database`, or the SQLite file of
 * `--data-dir`, which several processes on one machine can share), installs the model bundle into the model store as
 * the server does, and runs `--workers` job workers (default 1) on the shared queue, logging each job's start and end.
 * The first SIGINT/SIGTERM stops it gracefully (running jobs finish within 10 s or go back to the queue, not counted
 * as an attempt) and exits 0; a second exits at once. Exits 2 for a bad setting, 4 when the database cannot be
 * reached, 1 when it cannot start otherwise.
 */
export async function runWorker(proc: ServerProcess, args: readonly string[]): Promise<RunningWorker | undefined> {
  let config: ServerConfig;
  try {
    config = loadConfig({ argv: args, env: proc.env, accept: WORKER_SETTINGS });
    if (config.workers === 0) throw new ConfigError('invalid-workers', 'A worker process runs at least one worker: --workers must be from 1 to 64 here.');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    proc.err(`verbatim: ${error.message}\n${WORKER_USAGE}`);
    proc.exit(EXIT_CONFIG);
    return undefined;
  }
  const model = await checkModelBundle(config.modelDir);
  if (!model.ok) {
    proc.err(`verbatim: cannot start: ${model.message}`);
    proc.exit(EXIT_FAILED);
    return undefined;
  }
  const logger = pinoLogger();
  let worker: RunningWorker;
  try {
    worker = await startWorker(config, logger);
  } catch (error) {
    reportStartFailure(proc, config, error);
    return undefined;
  }
  const where = config.database === undefined ? join(config.dataDir, DATABASE_FILE) : databaseUrlForDisplay(config.database);
  const mediaDir = config.mediaDir ?? join(config.dataDir, 'media');
  const media = config.mediaStore === undefined ? mediaDir : `${config.mediaStore} (cached in ${mediaDir})`;
  proc.out(`Verbatim worker: ${config.workers} transcription worker${config.workers === 1 ? '' : 's'} on ${where}, media in ${media}.`);
  if (config.database !== undefined && config.mediaStore === undefined && mediaDir === join(config.dataDir, 'media')) proc.out(LOCAL_MEDIA_NOTICE(mediaDir));
  closeOnSignals(proc, (signal) => `Verbatim worker: ${signal} received, finishing running jobs or giving them back (send it again to exit at once).`, () => worker.close());
  return worker;
}

async function startWorker(config: ServerConfig, logger: Logger): Promise<RunningWorker> {
  const context: ServerContext = await openServerContext(config, { logger, applicationName: 'verbatim-worker' });
  let plugins: ServerPlugins | undefined;
  let runner: JobRunner;
  let started: { dispose(): void };
  try {
    // a worker may be the first process on a fresh store: the bundle is installed (and made the default) as the server does
    await seedBundledModel(context.models, config.modelDir).then(
      ({ model, installed }) => logger.info({ model: model.ref, sha256: model.sha256, installed }, installed ? 'installed the model bundle into the model store' : 'the model bundle is in the model store'),
      (error: unknown) => logger.warn({ err: error, modelDir: config.modelDir }, `could not install the model bundle into the model store: ${(error as Error).message}`),
    );
    plugins = await loadServerPlugins(config, { logger });
    const transcripts = new TranscriptStore(context.db, { documents: new DocumentStore(context.db) });
    const media = new MediaStore(context.db, { dataDir: config.dataDir, mediaDir: config.mediaDir, blobs: blobStoreFor(config) });
    runner = createServerJobRunner({ context, media, transcripts, plugins, logger });
    // the runner logs how each attempt ended; its start is logged from the runner's own claim (the queue's change
    // events also carry other processes' claims on PostgreSQL)
    started = runner.onDidStartAttempt((job) => {
      logger.info({ jobId: job.id, kind: job.kind, projectId: job.projectId, attempt: job.attempts }, 'job started');
    });
    runner.start();
  } catch (error) {
    await plugins?.dispose();
    context.dispose();
    throw error;
  }
  const serverPlugins = plugins;
  logger.info({ workers: config.workers }, 'worker started');
  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        await runner.stop({ timeoutMs: JOB_GRACE_MS });
        started.dispose();
        await context.modelInstalls.dispose();
        await serverPlugins.dispose();
        context.dispose();
        logger.info({}, 'worker stopped');
      })();
      return closing;
    },
  };
}
