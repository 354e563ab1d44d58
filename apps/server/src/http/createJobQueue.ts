import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { JobQueue } from '../queue/JobQueue.ts';

/** Options of {@link createJobQueue}. */
export interface CreateJobQueueOptions {
  /** Milliseconds clock (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * The job queue of a Verbatim process over `db`, the one place that chooses it for the database's engine. Today
 * every engine gets the lease queue ({@link JobQueue}: claims by polling, leases renewed by heartbeats), which is
 * safe across processes on one SQLite file and runs on PostgreSQL through the statement translation; the
 * graphile-worker queue joins here for PostgreSQL.
 */
export function createJobQueue(db: SqlDatabase, options: CreateJobQueueOptions = {}): JobQueue {
  return new JobQueue(db, options);
}
