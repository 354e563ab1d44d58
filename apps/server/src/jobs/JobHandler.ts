import type { SqlDatabase } from '../db/SqlDatabase.ts';
import type { TranscriberPool } from '@verbatim/asr/node';
import type { Logger } from '../http/Logger.ts';
import type { MediaStore } from '../media/MediaStore.ts';
import type { InstalledModel } from '../models/InstalledModel.ts';
import type { ModelRegistry } from '../models/ModelRegistry.ts';
import type { Job } from '../queue/Job.ts';
import type { TranscriptStore } from '../transcripts/TranscriptStore.ts';

/** What a {@link JobHandler} gets: the claimed job, its cancellation and progress, and the server's stores. */
export interface JobHandlerContext {
  readonly job: Job;
  /** Aborts when the job is cancelled, its lease is lost, or the runner shuts down; stop soon after. */
  readonly signal: AbortSignal;
  /** Share done in [0, 1]; sent with the next heartbeat. */
  reportProgress(fraction: number): void;
  readonly db: SqlDatabase;
  readonly transcripts: TranscriptStore;
  readonly media: MediaStore;
  readonly logger: Logger | undefined;
  /** The installed models and their aliases; `resolve` picks the model a job uses when it starts. */
  readonly models: ModelRegistry;
  /**
   * A transcriber pool for this installed model: loaded at the first job of the model, shared with every job of it,
   * and never disposed while a job holds it. `release()` when done (in a `finally`).
   */
  acquirePool(model: Pick<InstalledModel, 'sha256' | 'dir'>): Promise<{ pool: TranscriberPool; release(): void }>;
}

/**
 * Runs one kind of job (`JobRunnerOptions.handlers`, by `job.kind`) and resolves with its result JSON. A thrown
 * `JobError` (or any error `isRetryableJobError` calls final) fails the job at once with its message; other errors
 * are retried with backoff.
 */
export type JobHandler = (context: JobHandlerContext) => Promise<unknown>;
