import type { Event } from './Emitter.ts';
import type { Job, JobState, NewJob } from './Job.ts';
import type { JobSource, JobSourceOptions } from './JobSource.ts';
import type { JobPage, ListJobsQuery } from './listJobs.ts';

/** What a heartbeat found: keep going, stop because another worker holds the job, or stop because it was cancelled. */
export type HeartbeatResult = 'ok' | 'lost' | 'cancelled';

/** Options of {@link LeasedJobs.fail}. */
export interface FailOptions {
  /** Whether trying again may help (a busy resource) or not (unreadable audio). */
  retryable: boolean;
}

/**
 * The worker's side of a job it holds under a lease (see `runClaimedJob`): every call checks `workerId` still holds
 * it, and answers `lost` / undefined, changing nothing, when it does not.
 */
export interface LeasedJobs {
  /** Extends the lease to `leaseMs` from now and records `progress` (0..1) if given. */
  heartbeat(id: string, workerId: string, leaseMs: number, progress?: number): HeartbeatResult;
  /** Ends the job `succeeded` with `result` (JSON). */
  complete(id: string, workerId: string, result: unknown): Job | undefined;
  /** A failed attempt: queued again after a backoff while attempts remain and it is `retryable`, else `failed`. */
  fail(id: string, workerId: string, error: unknown, options: FailOptions): Job | undefined;
  /** Gives the job back without counting the attempt (graceful shutdown). */
  release(id: string, workerId: string): Job | undefined;
}

/**
 * The job queue the server's routes, stores, metrics and event streams use, whatever engine runs it: `JobQueue` on
 * the SQLite database (workers poll and claim), `GraphileJobQueue` on PostgreSQL (graphile-worker dispatches). The
 * `jobs` table is the record of every job either way.
 */
export interface JobQueueApi extends LeasedJobs {
  /** Fires with a job's new state after each change (on PostgreSQL: other processes' changes too). */
  readonly onDidChangeJob: Event<Job>;
  /**
   * Adds a job in state `queued`, synchronously, inside the caller's transaction when there is one (a rolled-back
   * transaction leaves no job).
   * @throws {JobQueueError} `invalid-job` for a bad field, `unknown-project` when the project does not exist.
   */
  enqueue(input: NewJob): Job;
  /** The job with this id, or undefined. */
  get(id: string): Job | undefined;
  /** A page of jobs, newest first, optionally of one project and/or state. */
  list(query?: ListJobsQuery): JobPage;
  /** Cancels a queued job at once, flags a running one (its worker aborts); undefined for an unknown id. */
  cancel(id: string): Job | undefined;
  /** How many jobs are in each state (every state present, zero included). */
  depth(): Record<JobState, number>;
  /** Puts running jobs whose worker is gone back to the queue (or ends them); returns the jobs it changed. */
  recoverExpired(): Job[];
  /** The runner's side: where a `JobRunner` gets the jobs it runs. */
  jobSource(options: JobSourceOptions): JobSource;
  /** Stops what the queue runs (listeners, timers); the database stays open (it belongs to the caller). */
  dispose(): void;
}
