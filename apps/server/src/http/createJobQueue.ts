import { sqlDialect } from '../db/sqlDialect.ts';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { GraphileJobQueue, type PostgresSqlDatabase } from '../queue/graphile/GraphileJobQueue.ts';
import { prepareGraphileQueue } from '../queue/graphile/prepareGraphileQueue.ts';
import { JobQueue } from '../queue/JobQueue.ts';
import type { JobQueueApi } from '../queue/JobQueueApi.ts';
import type { Logger } from './Logger.ts';

/** Options of {@link createJobQueue}. */
export interface CreateJobQueueOptions {
  /** Milliseconds clock (default `Date.now`). */
  readonly now?: () => number;
  /** The PostgreSQL URL `db` was opened on (password included): graphile-worker and the queue's LISTEN connect with it. */
  readonly url?: string | undefined;
  readonly logger?: Logger | undefined;
}

/**
 * The job queue of a Verbatim process over `db`, the one place that chooses it by the database's engine: on SQLite the
 * lease queue ({@link JobQueue}: workers poll and claim, safe across processes on one file), on PostgreSQL
 * graphile-worker ({@link GraphileJobQueue}), which needs {@link startJobQueue} awaited before it serves.
 *
 * @throws {TypeError} on PostgreSQL without `url`.
 */
export function createJobQueue(db: SqlDatabase, options: CreateJobQueueOptions = {}): JobQueueApi {
  if (sqlDialect(db) === 'sqlite') return new JobQueue(db, options.now === undefined ? {} : { now: options.now });
  if (options.url === undefined) throw new TypeError('The PostgreSQL job queue needs the URL the database was opened on.');
  return new GraphileJobQueue(db as PostgresSqlDatabase, {
    url: options.url,
    ...(options.now !== undefined && { now: options.now }),
    ...(options.logger !== undefined && { logger: options.logger }),
  });
}

/**
 * What a queue needs done before the process serves or runs jobs, asynchronously: on PostgreSQL, graphile-worker's
 * schema installed or upgraded (processes starting together wait for each other) and the queue's LISTEN in place, so
 * the first enqueue works and other processes' changes are heard from the start. Nothing on SQLite.
 */
export async function startJobQueue(queue: JobQueueApi, options: { readonly url?: string | undefined; readonly logger?: Logger | undefined } = {}): Promise<void> {
  if (!(queue instanceof GraphileJobQueue)) return;
  if (options.url === undefined) throw new TypeError('The PostgreSQL job queue needs the URL the database was opened on.');
  await prepareGraphileQueue(options.url, { logger: options.logger });
  await queue.whenListening();
}
