import type { SqlDatabase } from '../db/SqlDatabase.ts';
import type { OnPluginError } from '@verbatim/plugin-host';
import type { Logger } from '../http/Logger.ts';
import type { MediaStore } from '../media/MediaStore.ts';
import type { ModelRegistry } from '../models/ModelRegistry.ts';
import { Emitter, type Event } from '../queue/Emitter.ts';
import type { Job } from '../queue/Job.ts';
import type { JobQueueApi } from '../queue/JobQueueApi.ts';
import type { JobSource } from '../queue/JobSource.ts';
import { runClaimedJob, type JobContext, type JobOutcome } from '../queue/runClaimedJob.ts';
import type { ServerPlugins } from '../plugins/loadServerPlugins.ts';
import type { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { isRetryableJobError } from './isRetryableJobError.ts';
import type { JobHandler, JobHandlerContext } from './JobHandler.ts';
import { JobError } from './JobError.ts';
import { ModelPools } from './ModelPools.ts';
import { transcribeJobHandler } from './transcribeJobHandler.ts';
import { TRANSCRIBE_JOB_KIND } from './transcribeJobPayload.ts';

/** Options of {@link JobRunner}. */
export interface JobRunnerOptions {
  readonly db: SqlDatabase;
  /** The queue the HTTP routes use too, so their event streams see the runner's progress. */
  readonly queue: JobQueueApi;
  readonly media: MediaStore;
  readonly transcripts: TranscriptStore;
  /** The installed models and their aliases: a `transcribe` job resolves its model here when it starts. */
  readonly models?: ModelRegistry;
  /**
   * Without `models`: the one model bundle every `transcribe` job uses (its transcripts record the ONNX file's hash,
   * as before the model store). Ignored when `models` is given.
   */
  readonly bundleDir?: string;
  /** Handlers of further job kinds, by kind (the built-in `transcribe` one can be replaced too). */
  readonly handlers?: Readonly<Record<string, JobHandler>>;
  /** Jobs run at once (default 1); each model's transcriber pool has this many worker threads. */
  readonly workers?: number;
  /** Transcriber pools kept loaded while no job uses them (default 1; see {@link ModelPools}). */
  readonly maxIdlePools?: number;
  /** Lease of a claimed job (default 30 s); a crashed server's jobs are claimed again once it runs out. */
  readonly leaseMs?: number;
  /** Time between heartbeats, which also carry progress (default 1 s). */
  readonly heartbeatMs?: number;
  /** How often idle workers look for due jobs (retries after a backoff, other processes' jobs; default 1 s; on SQLite). */
  readonly pollMs?: number;
  readonly logger?: Logger;
  /** The installed plugins and their host; a project's enabled plugins run in its jobs (default: none). */
  readonly plugins?: Pick<ServerPlugins, 'host' | 'get'>;
  /** When a plugin's post-processor fails: leave the plugin out (`skip`, the default) or fail the job (`fail`). */
  readonly pluginErrors?: OnPluginError;
}

/** Options of {@link JobRunner.stop}. */
export interface StopJobRunnerOptions {
  /** How long running jobs may take to finish before they are given back to the queue (default 10 s). */
  readonly timeoutMs?: number;
}

/** How one attempt at a job ended. */
export interface FinishedJobAttempt {
  readonly jobId: string;
  readonly outcome: JobOutcome;
}

/**
 * Runs jobs from the queue's {@link JobSource} (on SQLite `workers` loops claim jobs; on PostgreSQL graphile-worker hands
 * them over), at most `workers` at once, each under a lease, handing each to the {@link JobHandler}
 * of its kind (`transcribe` built in, see `transcribeJobHandler`; more through `handlers`) while heartbeats keep the
 * lease and carry the progress. Handlers share one {@link ModelPools}: a transcriber pool per installed model, loaded
 * at its first job, held while jobs use it, so several models can serve jobs at once. Errors `isRetryableJobError`
 * calls final (a `JobError`, audio the decoder refuses, a vocabulary the model cannot spell) fail the job with their
 * message; other errors are retried with backoff. A cancel aborts the job at its next heartbeat. A job of a kind no
 * handler runs fails at once.
 *
 * @example
 * const runner = new JobRunner({ db, queue, media, transcripts, models: registry, workers: config.workers });
 * runner.start();
 * process.once('SIGTERM', () => void runner.stop({ timeoutMs: 10_000 }));
 */
export class JobRunner {
  readonly #options: JobRunnerOptions;
  readonly #workers: number;
  readonly #leaseMs: number;
  readonly #heartbeatMs: number;
  readonly #pollMs: number;
  readonly #shutdown = new AbortController();
  readonly #onDidStartAttempt = new Emitter<Job>();
  readonly #onDidFinishAttempt = new Emitter<FinishedJobAttempt>();
  #source: JobSource | undefined;
  readonly #pools: ModelPools;
  readonly #handlers: Readonly<Record<string, JobHandler>>;
  #stopping: Promise<void> | undefined;

  /** Fires after each attempt at a job ends (succeeded, retried, failed, cancelled, lost or released). */
  readonly onDidFinishAttempt: Event<FinishedJobAttempt> = this.#onDidFinishAttempt.event;

  /**
   * Fires when this runner starts an attempt at a job it claimed (the queue's `onDidChangeJob` also reports other
   * processes' claims on a shared PostgreSQL queue).
   */
  readonly onDidStartAttempt: Event<Job> = this.#onDidStartAttempt.event;

  constructor(options: JobRunnerOptions) {
    this.#options = options;
    this.#workers = options.workers ?? 1;
    if (!Number.isInteger(this.#workers) || this.#workers < 1) throw new RangeError(`workers must be a positive integer, not ${this.#workers}.`);
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#heartbeatMs = options.heartbeatMs ?? 1_000;
    this.#pollMs = options.pollMs ?? 1_000;
    if (options.models === undefined && options.bundleDir === undefined) throw new TypeError('A JobRunner needs a model registry (models) or a bundleDir.');
    this.#pools = new ModelPools({ workers: this.#workers, ...(options.maxIdlePools === undefined ? {} : { maxIdle: options.maxIdlePools }) });
    const transcribe = transcribeJobHandler({
      plugins: options.plugins,
      pluginErrors: options.pluginErrors,
      bundleDir: options.models === undefined ? options.bundleDir : undefined,
      discardPool: (pool) => this.#pools.discard(pool),
    });
    this.#handlers = { [TRANSCRIBE_JOB_KIND]: transcribe, ...options.handlers };
  }

  /** The transcriber pools loaded now, by model content hash, with how many jobs hold each. */
  get loadedModels(): ReadonlyMap<string, number> {
    return this.#pools.loaded;
  }

  /** Starts taking jobs from the queue's {@link JobSource} (on SQLite: recovers expired leases, starts the worker loops). Once only. */
  start(): void {
    if (this.#source !== undefined || this.#stopping !== undefined) return;
    const { queue, logger } = this.#options;
    this.#source = queue.jobSource({ workers: this.#workers, leaseMs: this.#leaseMs, pollMs: this.#pollMs, logger });
    this.#source.start((job, workerId) => this.#attempt(job, workerId));
  }

  /**
   * Stops taking jobs, lets running jobs finish for up to `timeoutMs`, then gives the rest back to the queue (they are
   * claimed again at the next start, without counting the attempt) and stops the transcriber pools.
   */
  stop(options: StopJobRunnerOptions = {}): Promise<void> {
    this.#stopping ??= (async () => {
      const timer = setTimeout(() => this.#shutdown.abort(new Error('The server is shutting down.')), options.timeoutMs ?? 10_000);
      await this.#source?.stop();
      clearTimeout(timer);
      this.#onDidStartAttempt.dispose();
      this.#onDidFinishAttempt.dispose();
      await this.#pools.dispose();
    })();
    return this.#stopping;
  }

  // one attempt at a job the source claimed for `workerId`; rejects when its outcome could not be recorded
  async #attempt(job: Job, workerId: string): Promise<JobOutcome> {
    const started = Date.now();
    this.#onDidStartAttempt.fire(job);
    const outcome = await runClaimedJob(this.#options.queue, job, (claimed, context) => this.#run(claimed, context), {
      workerId,
      leaseMs: this.#leaseMs,
      heartbeatMs: this.#heartbeatMs,
      isRetryable: isRetryableJobError,
      signal: this.#shutdown.signal,
    });
    this.#options.logger?.info({ jobId: job.id, projectId: job.projectId, outcome, attempt: job.attempts, ms: Date.now() - started }, `job ${outcome}`);
    this.#onDidFinishAttempt.fire({ jobId: job.id, outcome });
    return outcome;
  }

  #run(job: Job, { signal, reportProgress }: JobContext): Promise<unknown> {
    const handler = Object.hasOwn(this.#handlers, job.kind) ? this.#handlers[job.kind] : undefined;
    if (handler === undefined) return Promise.reject(new JobError('unknown-kind', `This server does not run jobs of kind "${job.kind}".`));
    const { db, transcripts, media, logger, models } = this.#options;
    const pools = this.#pools;
    const context: JobHandlerContext = {
      job,
      signal,
      reportProgress,
      db,
      transcripts,
      media,
      logger,
      get models(): ModelRegistry {
        if (models === undefined) throw new JobError('model-unavailable', 'This server runs without a model registry.');
        return models;
      },
      acquirePool: (model) => Promise.resolve(pools.acquire(model)),
    };
    return handler(context);
  }

}
