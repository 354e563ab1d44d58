import { run, type JobHelpers, type Runner } from 'graphile-worker';
import pg from 'pg';
import type { AttemptJob, JobSource, JobSourceOptions } from '../JobSource.ts';
import type { GraphileJobQueue } from './GraphileJobQueue.ts';
import { GRAPHILE_TASK } from './graphileStatements.ts';
import { graphileLogger } from './graphileLogger.ts';

/** Options of {@link GraphileJobSource}. */
export interface GraphileJobSourceOptions extends JobSourceOptions {
  /** The database's URL, password included (graphile-worker's own connection pool). */
  readonly url: string;
}

// how long after a failed graphile-worker pool the next one starts
const RESTART_MS = 2000;

/** Thrown to graphile-worker so that it retries the job with its backoff (the row says why: it is queued again). */
class RetryLater extends Error {
  override readonly name = 'RetryLater';
}

/**
 * The PostgreSQL queue's {@link JobSource}: a graphile-worker pool (`run()`, `concurrency` = `workers`, woken by
 * LISTEN/NOTIFY, `pollMs` for scheduled retries) whose task handler claims the job's row under a lease owned by the pool
 * (`<pool id>/<attempt>`, which the sweeper reads) and runs the attempt. How the attempt ended decides what
 * graphile-worker does: succeeded, failed for good, cancelled or released — the graphile job is done (a released job
 * was scheduled again by `release`); retried — rethrown, so graphile-worker runs it again after its backoff; lost
 * (another worker holds the row now) — rethrown too, which cannot touch a graphile job that another pool locked.
 */
export class GraphileJobSource implements JobSource {
  readonly #queue: GraphileJobQueue;
  readonly #options: GraphileJobSourceOptions;
  #attempt: AttemptJob | undefined;
  #started: Promise<Runner | undefined> | undefined;
  #pool: pg.Pool | undefined;
  #restart: ReturnType<typeof setTimeout> | undefined;
  #stopping = false;

  constructor(queue: GraphileJobQueue, options: GraphileJobSourceOptions) {
    this.#queue = queue;
    this.#options = options;
  }

  start(attempt: AttemptJob): void {
    if (this.#attempt !== undefined || this.#stopping) return;
    this.#attempt = attempt;
    this.#launch();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#restart !== undefined) clearTimeout(this.#restart);
    const runner = await this.#started;
    // graceful: takes no new job and waits for the running ones (the JobRunner aborts them after its timeout)
    await runner?.stop().catch((error: unknown) => this.#options.logger?.warn({ err: error }, 'the graphile-worker job runner did not stop cleanly'));
    await this.#pool?.end().catch(() => {});
  }

  // starts a graphile-worker pool, and another one a moment after this one fails (e.g. the database was unreachable)
  #launch(): void {
    const { url, workers, pollMs, logger } = this.#options;
    const again = (error: unknown, what: string): undefined => {
      logger?.error({ err: error }, what);
      if (!this.#stopping) {
        // not unref'd: with every connection gone, this timer is what keeps a worker process alive until it restarts
        // (unref'd, a worker whose connections the database ended while the runner started exited with code 0)
        this.#restart = setTimeout(() => this.#launch(), RESTART_MS);
      }
      return undefined;
    };
    // our own pool, so that every connection keeps an error listener for its whole life: a connection the database
    // ends (an administrator, a failover, a dropped database) while graphile-worker holds it or is letting it go must
    // be logged, not an unhandled 'error' event that ends the process
    void this.#pool?.end().catch(() => {});
    const pool = new pg.Pool({ connectionString: url, max: Math.max(10, workers + 2), application_name: 'verbatim-worker-jobs' });
    pool.on('error', (error) => logger?.warn({ err: String(error) }, 'an idle job-runner database connection failed'));
    pool.on('connect', (client) => client.on('error', (error) => logger?.warn({ err: String(error) }, 'a job-runner database connection failed')));
    this.#pool = pool;
    this.#started = run({
      pgPool: pool,
      concurrency: workers,
      pollInterval: pollMs,
      noHandleSignals: true,
      logger: graphileLogger(logger),
      taskList: { [GRAPHILE_TASK]: (payload, helpers) => this.#task(payload, helpers, this.#attempt!) },
    }).then(
      (runner) => {
        runner.promise.catch((error: unknown) => again(error, 'the graphile-worker job runner stopped; starting it again'));
        return runner;
      },
      (error: unknown) => again(error, 'could not start the graphile-worker job runner; trying again'),
    );
  }

  async #task(payload: unknown, helpers: JobHelpers, attempt: AttemptJob): Promise<void> {
    const jobId = (payload as { jobId?: unknown } | null)?.jobId;
    if (typeof jobId !== 'string') {
      this.#options.logger?.warn({ graphileJobId: helpers.job.id }, 'a graphile job without a Verbatim job id was dropped');
      return;
    }
    const owner = `${helpers.job.locked_by ?? 'pool'}/${crypto.randomUUID()}`;
    const job = this.#queue.claim(jobId, owner, this.#options.leaseMs);
    if (job === undefined) {
      // still running under a live lease: an earlier attempt could not record its end; try once that lease ran out
      if (this.#queue.get(jobId)?.state === 'running') throw new RetryLater(`Job ${jobId} is still held by an earlier attempt.`);
      // cancelled or ended meanwhile: nothing to run, the graphile job ends here
      return;
    }
    const outcome = await attempt(job, owner);
    if (outcome === 'retried') throw new RetryLater(`Job ${jobId} failed on attempt ${job.attempts}; it will be tried again.`);
    if (outcome === 'lost') throw new RetryLater(`Job ${jobId} was taken over by another worker.`);
  }
}
