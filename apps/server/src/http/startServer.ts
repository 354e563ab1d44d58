import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { ConfigError } from '../config/ConfigError.ts';
import type { ServerConfig } from '../config/ServerConfig.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { createYjsEndpoint, type YjsEndpoint } from '../yjs/createYjsEndpoint.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { NO_RELAY, type DocumentRelay } from '../yjs/relay/DocumentRelay.ts';
import { createDocumentRelay } from '../yjs/relay/createDocumentRelay.ts';
import { createServerJobRunner } from '../jobs/createServerJobRunner.ts';
import type { JobRunner } from '../jobs/JobRunner.ts';
import { createApp } from './createApp.ts';
import { MediaStore } from '../media/MediaStore.ts';
import { blobStoreFor } from '../media/blobs/blobStoreFor.ts';
import { openServerContext } from './createServerContext.ts';
import { pinoLogger, type Logger } from './Logger.ts';
import { recordJobMetrics } from '../metrics/recordJobMetrics.ts';
import { ServerMetrics } from '../metrics/ServerMetrics.ts';
import { readTranscribeJobPayload } from '../jobs/transcribeJobPayload.ts';
import { loadServerPlugins, type ServerPlugins } from '../plugins/loadServerPlugins.ts';
import { seedBundledModel } from '../models/seedBundledModel.ts';
import { comparisonGateOf } from '../models/compare/comparisonGate.ts';
import { createLiveEndpoint, type LiveEndpoint } from '../live/createLiveEndpoint.ts';
import { finishStoppingLiveSessions } from '../live/finish/finishLiveSession.ts';
import { LiveHub } from '../live/LiveHub.ts';
import { registerLiveSessionGauge } from '../live/liveSessionGauge.ts';
import { LiveSessionStore } from '../live/LiveSessionStore.ts';
import { liveRecordingRoot } from '../live/liveRecordingPath.ts';
import { createLiveRelay } from '../live/relay/createLiveRelay.ts';
import { LiveLeases } from '../live/relay/LiveLeases.ts';
import { NO_LIVE_RELAY, type LiveRelay } from '../live/relay/LiveRelay.ts';
import { LiveSessionSweeper } from '../live/relay/LiveSessionSweeper.ts';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** Request and error logs (default: `pinoLogger()`, JSON lines on stdout). */
  readonly logger?: Logger;
  /** Where the first administrator's one-time credentials are written (default: stdout). */
  readonly print?: (text: string) => void;
  /** How long `close()` lets running requests finish before cutting their connections (default 10 s). */
  readonly closeGraceMs?: number;
  /** How long `close()` lets running transcription jobs finish before giving them back to the queue (default 10 s). */
  readonly jobGraceMs?: number;
}

/** A listening server. */
export interface RunningServer {
  /** Where it listens, e.g. `http://127.0.0.1:8080` (the real port when `config.port` was 0). */
  readonly url: string;
  /**
   * Stops accepting connections, lets running requests finish (up to the grace period) and running jobs finish or go
   * back to the queue, deactivates the plugins and stops their workers, then closes the database. Safe to call more
   * than once; every call resolves when the server is down.
   */
  close(): Promise<void>;
}

const SESSION_SWEEP_MS = 60 * 60 * 1000;
/** How long a connection may send nothing before it is closed, unless `config.idleTimeoutMs` says otherwise. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/**
 * Opens the data directory's database, creates the first administrator on an empty database (printing its
 * generated password, the one time it exists in clear), discovers the plugins once (logging every refused one; a
 * plugin never stops the server) and serves the app on `config.host:config.port`.
 *
 * @throws {ConfigError} `invalid-port` / `invalid-host` when the address cannot be bound, `invalid-data-dir`;
 *   `DatabaseError` when the database cannot be opened.
 * @example
 * const server = await startServer(loadConfig());
 * process.once('SIGTERM', () => void server.close());
 */
export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pinoLogger();
  const print = options.print ?? ((text: string) => void process.stdout.write(`${text}\n`));
  const context = await openServerContext(config, { logger });
  let server: Server;
  let yjs: YjsEndpoint;
  let relay: DocumentRelay = NO_RELAY;
  let live: LiveEndpoint | undefined;
  let liveRelay: LiveRelay = NO_LIVE_RELAY;
  let liveSweeper: LiveSessionSweeper | undefined;
  let runner: JobRunner | undefined;
  let plugins: ServerPlugins | undefined;
  try {
    // uploads cut off by a crash leave temporary files; nothing can still be writing them before we listen
    // (on a media directory other processes share, theirs may be: only files silent past the idle timeout go)
    const sharedMedia = config.database !== undefined || (config.mediaDir !== undefined && config.mediaDir !== join(config.dataDir, 'media'));
    new MediaStore(context.db, { dataDir: config.dataDir, mediaDir: config.mediaDir }).removeTemporaryFiles(
      sharedMedia ? { untouchedForMs: config.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS } : {},
    );
    const first = await context.accounts.createFirstAdmin();
    if (first !== undefined) print(firstAdminNotice(first.user.email, first.password));
    // the bundle the server was started with is installed into the store and becomes the default when none is set;
    // one that cannot be installed leaves the registry as it was (jobs then say no default model is set)
    await seedBundledModel(context.models, config.modelDir).then(
      ({ model, installed, aliased }) => logger.info({ model: model.ref, sha256: model.sha256, installed, aliased }, installed ? 'installed the model bundle into the model store' : 'the model bundle is in the model store'),
      (error: unknown) => logger.warn({ err: error, modelDir: config.modelDir }, `could not install the model bundle into the model store: ${(error as Error).message}`),
    );
    // one host for the process: each plugin's worker starts at its first job and is shared by every later one
    plugins = await loadServerPlugins(config, { logger });
    const metrics = new ServerMetrics({ queueDepth: () => context.queue.depth(), processMetrics: true });
    // reviews are checked against an open room's document rather than a fresh read of the whole update log
    const liveDocument = (transcriptId: string) => yjs?.liveDocument(transcriptId);
    // live captions: one hub fans each session's captions out to its source and viewers; the audio endpoint records
    // and recognises what sources send (its captioners load at the first session of each model)
    const liveSessions = new LiveSessionStore(context.db);
    // other web processes on the same PostgreSQL database: their viewers get this one's captions and the other way
    // round, and each session is held (captured) by one process at a time (nothing to do on SQLite)
    liveRelay = createLiveRelay(context.db, config.database, { logger });
    const liveLeases = liveRelay === NO_LIVE_RELAY ? undefined : new LiveLeases(liveSessions, { logger });
    const liveHub = new LiveHub(liveSessions, { relay: liveRelay, onListenerError: (error) => logger.error({ err: String(error) }, 'a live caption listener failed') });
    live = createLiveEndpoint({ db: context.db, sessions: context.sessions, tokens: context.tokens, projects: context.projects, accounts: context.accounts, content: context.content, live: liveSessions, hub: liveHub, leases: liveLeases, dataDir: liveRecordingRoot(config), models: context.models, plugins, publicUrl: config.publicUrl, logger });
    registerLiveSessionGauge(metrics.registry, context.db, live);
    server = createAdaptorServer({ fetch: createApp({ ...context, plugins, liveDocument, comparisonGate: comparisonGateOf(context.db), liveHub, liveAudio: live }, { metrics }).fetch }) as Server;
    // idle, not total, limits: a 2 GiB upload over a slow link may take hours (Node's default stops any request at
    // 300 s), while a connection that sends nothing for idleTimeoutMs is closed; headers must still come within 60 s
    server.requestTimeout = 0;
    server.setTimeout(config.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
    const documents = new DocumentStore(context.db);
    const transcripts = new TranscriptStore(context.db, { documents });
    const { sessions, tokens, projects } = context;
    // the accounts too: a password change or a disabled account closes the account's open rooms at once; and a
    // deleted transcript's room closes at once
    // other web processes on the same PostgreSQL database see this one's edits and presence (nothing to do on SQLite)
    relay = createDocumentRelay(context.db, config.database, { logger });
    yjs = createYjsEndpoint({ documents, transcripts, sessions, tokens, projects, accounts: context.accounts, content: context.content, publicUrl: config.publicUrl, logger, relay });
    const media = new MediaStore(context.db, { dataDir: config.dataDir, mediaDir: config.mediaDir, blobs: blobStoreFor(config) });
    // the queue's listeners are dropped when the context is disposed
    recordJobMetrics(context.queue, metrics, (job) => media.get(readTranscribeJobPayload(job.payload).mediaId)?.durationSeconds);
    // --workers 0: this process only enqueues, `verbatim-server worker` processes transcribe
    runner = config.workers > 0 ? createServerJobRunner({ context, media, transcripts, plugins, logger, liveDocument }) : undefined;
    if (runner === undefined) logger.info({}, 'no transcription workers in this process (--workers 0): jobs wait for `verbatim-server worker` processes');
    server.on('upgrade', (request, socket, head) => {
      if (!yjs.handleUpgrade(request, socket, head) && !live!.handleUpgrade(request, socket, head)) socket.destroy();
    });
    await listen(server, config);
    runner?.start();
    // several processes: the sessions whose process died are finished (now, and whenever a lease runs out)
    if (liveLeases !== undefined) liveSweeper = new LiveSessionSweeper({ ...context, liveHub, liveAudio: live }, { logger });
    // live sessions a crash left stopping are finished now, in the background (each makes media and a transcript)
    else void finishStoppingLiveSessions(context).then(
      (finished) => finished.length > 0 && logger.info({ sessions: finished.map((s) => ({ id: s.id, state: s.state })) }, 'finished live sessions left stopping'),
      (error: unknown) => logger.error({ err: String(error) }, 'could not finish the live sessions left stopping'),
    );
  } catch (error) {
    await liveSweeper?.dispose();
    await live?.destroy();
    await liveRelay.dispose();
    await relay.dispose();
    await plugins?.dispose();
    context.dispose();
    throw error;
  }
  const serverPlugins = plugins;
  const liveEndpoint = live!;
  const sweep = setInterval(() => context.sessions.deleteExpired(), SESSION_SWEEP_MS);
  sweep.unref();
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url, dataDir: config.dataDir, modelDir: config.modelDir }, 'listening');

  let closing: Promise<void> | undefined;
  // a keep-alive connection whose last request ends after close() began would otherwise stay open until the grace ends
  server.on('request', (_request, response) => {
    response.once('finish', () => {
      if (closing !== undefined) setImmediate(() => server.closeIdleConnections());
    });
  });
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(sweep);
        // upgraded sockets are no longer the HTTP server's: close them (and store the rooms) before the database
        yjs.destroy();
        // after the rooms, whose clients' presence it takes away from the other processes
        const relayClosed = relay.dispose();
        // live sources are closed (4503) and their recordings synced; the captioners' workers stop before the database closes
        const liveClosed = (async () => {
          await liveSweeper?.dispose();
          await liveEndpoint.destroy();
          await liveRelay.dispose();
        })();
        const force = setTimeout(() => server.closeAllConnections(), options.closeGraceMs ?? 10_000);
        // running jobs finish or go back to the queue while the last requests end; both before the database closes
        const jobsStopped = runner?.stop({ timeoutMs: options.jobGraceMs ?? 10_000 });
        server.close(async () => {
          clearTimeout(force);
          await jobsStopped;
          await liveClosed;
          await relayClosed;
          await context.modelInstalls.dispose();
          // after the jobs, which call the plugins; before the database, which deactivating plugins do not need
          await serverPlugins.dispose();
          context.dispose();
          logger.info({ url }, 'closed');
          resolve();
        });
        // keep-alive connections with no request in flight would hold close() open until they time out
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

function listen(server: Server, config: ServerConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const where = `${config.host}:${config.port}`;
      if (error.code === 'EADDRINUSE') reject(new ConfigError('invalid-port', `Cannot listen on ${where}: the port is in use. Choose another with --port.`, { cause: error }));
      else if (error.code === 'EACCES') reject(new ConfigError('invalid-port', `Cannot listen on ${where}: permission denied (ports below 1024 need privileges).`, { cause: error }));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
        reject(new ConfigError('invalid-host', `Cannot listen on ${where}: this machine has no such address. Check --host.`, { cause: error }));
      } else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(config.port, config.host);
  });
}

function firstAdminNotice(email: string, password: string): string {
  return [
    'Verbatim: created the first administrator account. Its password is shown this once; change it after logging in.',
    `  email:    ${email}`,
    `  password: ${password}`,
  ].join('\n');
}
