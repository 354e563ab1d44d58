import type { Logger } from '../http/Logger.ts';
import type { Job } from './Job.ts';
import type { JobOutcome } from './runClaimedJob.ts';

/** Options of {@link JobQueueApi.jobSource}. */
export interface JobSourceOptions {
  /** Jobs run at once. */
  readonly workers: number;
  /** The lease a job is held under while it runs. */
  readonly leaseMs: number;
  /** How often idle workers look for due jobs (where the engine polls at all). */
  readonly pollMs: number;
  readonly logger?: Logger | undefined;
}

/**
 * Runs one attempt at a job the source claimed for `workerId` (its lease's key) and resolves with how it ended
 * (see `runClaimedJob`); rejects when the outcome could not be recorded.
 */
export type AttemptJob = (job: Job, workerId: string) => Promise<JobOutcome>;

/**
 * Where a `JobRunner` gets its jobs: on SQLite its workers poll and `claim` (`PollingJobSource`); on PostgreSQL
 * graphile-worker hands jobs to a task handler (`GraphileJobSource`). Both feed the same per-job code.
 */
export interface JobSource {
  /** Starts handing claimed jobs to `attempt`, at most `workers` at once. Once only. */
  start(attempt: AttemptJob): void;
  /** Stops taking jobs and resolves once every attempt started has ended (the runner aborts them meanwhile). */
  stop(): Promise<void>;
}
