import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AccountStore } from '../auth/AccountStore.ts';
import { ApiTokenStore } from '../auth/ApiTokenStore.ts';
import { ProjectStore } from '../auth/ProjectStore.ts';
import { SessionStore } from '../auth/SessionStore.ts';
import { ConfigError } from '../config/ConfigError.ts';
import { ContentRemover } from '../content/ContentRemover.ts';
import type { ServerConfig } from '../config/ServerConfig.ts';
import { openSqlDatabase } from '../db/openSqlDatabase.ts';
import { MediaStore } from '../media/MediaStore.ts';
import { checkMediaDir } from '../media/checkMediaDir.ts';
import { blobStoreFor, disposeBlobStore } from '../media/blobs/blobStoreFor.ts';
import { createJobQueue, startJobQueue } from './createJobQueue.ts';
import { ModelStore } from '@verbatim/asr/node';
import { ModelInstalls } from '../models/ModelInstalls.ts';
import { ModelRegistry } from '../models/ModelRegistry.ts';
import type { AppDeps } from './AppDeps.ts';

/** The database file inside the data directory. */
export const DATABASE_FILE = 'verbatim.db';

/** The app's dependencies over one open database, and `dispose()` to close it. */
export interface ServerContext extends AppDeps {
  readonly now: () => number;
  readonly models: ModelRegistry;
  readonly modelInstalls: ModelInstalls;
  /** Disposes the queue's and the content remover's listeners and closes the database. Safe to call twice. */
  dispose(): void;
}

/** Options of {@link createServerContext}. */
export interface ServerContextOptions {
  /** Clock shared by every store (default `Date.now`). */
  readonly now?: () => number;
  readonly logger?: AppDeps['logger'];
  /** What this process shows in PostgreSQL's `pg_stat_activity` (default `verbatim`; a worker says `verbatim-worker`). */
  readonly applicationName?: string;
}

/**
 * {@link createServerContext}, then what must be awaited before the process serves or runs jobs (on PostgreSQL the
 * queue engine's schema and its LISTEN connection: see `startJobQueue`). Servers and workers start with this one.
 *
 * @throws as {@link createServerContext}; the context is disposed when a later step fails.
 */
export async function openServerContext(config: ServerConfig, options: ServerContextOptions = {}): Promise<ServerContext> {
  const context = createServerContext(config, options);
  try {
    // an S3 media store: the bucket exists and takes writes (BlobError 'store-unavailable' otherwise)
    await blobStoreFor(config).check();
    await startJobQueue(context.queue, { url: config.database, logger: options.logger });
  } catch (error) {
    context.dispose();
    throw error;
  }
  return context;
}

/**
 * Creates the data directory if needed, checks the media directory, opens (and migrates) the database —
 * `config.database` (PostgreSQL) or else `<dataDir>/verbatim.db` — and builds the stores on it. On PostgreSQL the queue
 * is not ready to serve until {@link openServerContext}'s asynchronous steps are done: use that to start a process.
 *
 * @throws {ConfigError} `invalid-data-dir` when the directory cannot be created, `invalid-media-dir` when the media
 *   directory is missing (one set by flag or environment) or not writable; `DatabaseError` from `openSqlDatabase` (`open-failed`
 *   when a PostgreSQL server cannot be reached).
 */
export function createServerContext(config: ServerConfig, options: ServerContextOptions = {}): ServerContext {
  try {
    mkdirSync(config.dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError('invalid-data-dir', `Cannot create the data directory ${config.dataDir}: ${(error as Error).message}.`, { cause: error });
  }
  const defaultMediaDir = join(config.dataDir, 'media');
  // with a bucket (--media-store) the media directory is this process's cache: created when missing
  checkMediaDir(config.mediaDir ?? defaultMediaDir, { shared: config.mediaStore === undefined && config.mediaDir !== undefined && config.mediaDir !== defaultMediaDir });
  const now = options.now ?? Date.now;
  // a PostgreSQL URL, or the SQLite file of the data directory; migrated either way
  const db = openSqlDatabase(config.database ?? join(config.dataDir, DATABASE_FILE), { applicationName: options.applicationName ?? 'verbatim' });
  const queue = createJobQueue(db, { now, url: config.database, logger: options.logger });
  const projects = new ProjectStore(db, { now });
  const content = new ContentRemover({ db, media: new MediaStore(db, { dataDir: config.dataDir, mediaDir: config.mediaDir, blobs: blobStoreFor(config), now }), queue, projects });
  const models = new ModelRegistry({ db, store: new ModelStore(config.modelStoreDir ?? join(config.dataDir, 'models'), { now }), now });
  const modelInstalls = new ModelInstalls({ registry: models, now, ...(config.allowHttpModelUrls === true && { allowHttp: true }) });
  let disposed = false;
  return {
    config,
    db,
    accounts: new AccountStore(db, {
      now,
      ...(config.passwordHashing?.maxConcurrent !== undefined && { maxConcurrentHashes: config.passwordHashing.maxConcurrent }),
      ...(config.passwordHashing?.maxQueued !== undefined && { maxQueuedHashes: config.passwordHashing.maxQueued }),
    }),
    sessions: new SessionStore(db, { now }),
    tokens: new ApiTokenStore(db, { now }),
    projects,
    queue,
    content,
    models,
    modelInstalls,
    now,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    dispose() {
      if (disposed) return;
      disposed = true;
      content.dispose();
      queue.dispose();
      db.close();
      disposeBlobStore(config);
    },
  };
}
