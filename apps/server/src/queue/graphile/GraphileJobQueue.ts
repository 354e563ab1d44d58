import pg from 'pg';
import type { SqlDatabase, SqlStatement } from '../../db/SqlDatabase.ts';
import type { Logger } from '../../http/Logger.ts';
import { Emitter } from '../Emitter.ts';
import type { Event } from '../Emitter.ts';
import type { Job, JobState, NewJob } from '../Job.ts';
import { JobQueue } from '../JobQueue.ts';
import type { FailOptions, HeartbeatResult, JobQueueApi } from '../JobQueueApi.ts';
import { toJob } from '../jobRow.ts';
import type { JobRow } from '../jobRow.ts';
import type { JobSource, JobSourceOptions } from '../JobSource.ts';
import type { JobPage, ListJobsQuery } from '../listJobs.ts';
import { GraphileJobSource } from './GraphileJobSource.ts';
import {
  ADD_GRAPHILE_JOB,
  CANCEL_POOL_EXPIRED,
  CLAIM_JOB,
  EXPIRED_OWNERS,
  FAIL_POOL_EXPIRED,
  FORCE_UNLOCK_WORKERS,
  JOBS_CHANNEL,
  NOTIFY_JOB,
  POOL_ALIVE,
  REMOVE_GRAPHILE_JOB,
  REQUEUE_POOL_EXPIRED,
  STALE_LOCK_POOLS,
} from './graphileStatements.ts';
import { graphileRetryDelay } from './graphileRetryDelay.ts';

/** The synchronous PostgreSQL handle the queue needs: a {@link SqlDatabase} that also runs PostgreSQL's own SQL. */
export interface PostgresSqlDatabase extends SqlDatabase {
  /** Runs SQL exactly as written (no translation), in the handle's open transaction if there is one. */
  execRaw(sql: string, params?: unknown[]): { rows: Record<string, unknown>[]; rowCount: number };
}

/** Options of {@link GraphileJobQueue}. */
export interface GraphileJobQueueOptions {
  /** The database's URL, password included: the LISTEN connection and the runner's graphile-worker pool use it. */
  readonly url: string;
  /** How often this process looks for dead workers' jobs (default 5 s; 0: never, e.g. a one-off tool). */
  readonly sweepMs?: number;
  /**
   * A graphile job locked this long by a pool that holds no live lease belongs to a dead pool (default 60 s; it is
   * checked at most every quarter of it). Expired leases are what finds dead pools otherwise; this covers a pool that
   * died between graphile-worker locking a job and claiming its row.
   */
  readonly staleLockMs?: number;
  /** Listen to other processes' changes (default true). */
  readonly listen?: boolean;
  /** The clock, in ms since the epoch (tests inject one). */
  readonly now?: () => number;
  /** `maxAttempts` of jobs enqueued without one (default 3). */
  readonly defaultMaxAttempts?: number;
  /** Where errors thrown by `onDidChangeJob` listeners go (default `console.error`). */
  readonly onListenerError?: (error: unknown) => void;
  readonly logger?: Logger | undefined;
}

// how long the LISTEN connection waits before connecting again after it was lost
const RELISTEN_MS = 1000;

/**
 * The job queue on PostgreSQL: Verbatim's `jobs` row stays the record of each job (state, progress, result, error:
 * what the API lists), and graphile-worker dispatches it. `enqueue` inserts the row and calls
 * `graphile_worker.add_job` (job_key = the job's id) in one transaction — the caller's when there is one — so a job
 * exists in both or in neither. The runner side ({@link GraphileJobSource}) claims the row when graphile-worker hands it
 * the job, renews its lease with heartbeats and ends it as the SQLite queue does; a retryable failure is rethrown so
 * graphile-worker retries it with its backoff.
 *
 * Across processes: every change of a row is announced with `NOTIFY verbatim_jobs, '<id>'` in its transaction, and
 * each queue LISTENs on its own connection and fires `onDidChangeJob` with the row read again, so a web process's
 * event streams show a worker process's progress. A sweeper (every `sweepMs`, one indexed query) finds graphile worker
 * pools whose running jobs' leases all expired — a killed process — unlocks their graphile jobs
 * (`force_unlock_workers`) and queues their rows again, so their jobs run again within about one lease.
 *
 * The graphile_worker schema must be installed first (`prepareGraphileQueue`).
 *
 * @example
 * await prepareGraphileQueue(url);
 * const queue = new GraphileJobQueue(new PostgresDatabase(url), { url });
 * queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId } });
 */
export class GraphileJobQueue implements JobQueueApi {
  readonly #db: PostgresSqlDatabase;
  readonly #url: string;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  readonly #inner: JobQueue;
  readonly #onDidChangeJob: Emitter<Job>;
  readonly #claim: SqlStatement<[{ id: string; owner: string; leaseMs: number; now: number }], JobRow>;
  readonly #expiredOwners: SqlStatement<[{ now: number }], { lease_owner: string }>;
  readonly #poolAlive: SqlStatement<[{ now: number; prefix: string }], { alive: number }>;
  readonly #recoverPool: SqlStatement<[{ now: number; prefix: string }], JobRow>[];
  readonly #innerSubscription: { dispose(): void };
  #ownPid: number | undefined;
  #listener: pg.Client | undefined;
  #relisten: ReturnType<typeof setTimeout> | undefined;
  #sweeper: ReturnType<typeof setInterval> | undefined;
  #disposed = false;
  readonly #staleLockMs: number;
  #lastStaleCheck = Number.NEGATIVE_INFINITY;
  readonly #ready: Promise<void>;
  #listening: (() => void) | undefined;

  /** Fires with a job's new state after each change, this process's (at once) and other processes' (on their NOTIFY). */
  readonly onDidChangeJob: Event<Job>;

  /** `db` must be migrated and the graphile_worker schema installed (`prepareGraphileQueue`); the queue does not close it. */
  constructor(db: PostgresSqlDatabase, options: GraphileJobQueueOptions) {
    this.#db = db;
    this.#url = options.url;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger;
    this.#onDidChangeJob = new Emitter<Job>(options.onListenerError);
    this.onDidChangeJob = this.#onDidChangeJob.event;
    // the row logic (leases, heartbeats, outcomes, cancel) is the SQLite queue's; retries wait graphile-worker's backoff
    this.#inner = new JobQueue(db, {
      now: this.#now,
      retryDelay: graphileRetryDelay,
      ...(options.defaultMaxAttempts === undefined ? {} : { defaultMaxAttempts: options.defaultMaxAttempts }),
      onListenerError: options.onListenerError,
    });
    // the inner queue reports each change inside (or right after) its transaction: announce it, then tell our listeners
    this.#innerSubscription = this.#inner.onDidChangeJob((job) => this.#announce(job));
    this.#claim = db.prepare<{ id: string; owner: string; leaseMs: number; now: number }, JobRow>(CLAIM_JOB);
    this.#expiredOwners = db.prepare<{ now: number }, { lease_owner: string }>(EXPIRED_OWNERS);
    this.#poolAlive = db.prepare<{ now: number; prefix: string }, { alive: number }>(POOL_ALIVE);
    this.#recoverPool = [CANCEL_POOL_EXPIRED, FAIL_POOL_EXPIRED, REQUEUE_POOL_EXPIRED].map((sql) => db.prepare<{ now: number; prefix: string }, JobRow>(sql));
    this.#staleLockMs = options.staleLockMs ?? 60_000;
    this.#ready = new Promise((resolve) => (this.#listening = resolve));
    if (options.listen === false) this.#listening?.();
    else void this.#listen();
    const sweepMs = options.sweepMs ?? 5000;
    if (sweepMs > 0) {
      this.#sweeper = setInterval(() => {
        try {
          this.recoverExpired();
        } catch (error) {
          this.#logger?.warn({ err: error }, 'could not look for jobs of stopped workers');
        }
      }, sweepMs);
      this.#sweeper.unref();
    }
  }

  /** Resolves once this queue hears other processes' changes (its LISTEN is in place). */
  whenListening(): Promise<void> {
    return this.#ready;
  }

  enqueue(input: NewJob): Job {
    return this.#db.transaction(() => {
      const job = this.#inner.enqueue(input);
      try {
        this.#db.execRaw(ADD_GRAPHILE_JOB, [job.id, job.runAfter, job.maxAttempts]);
      } catch (error) {
        // 3F000: no graphile_worker schema; 42883: no add_job function (an older schema)
        const pgCode = (error as { pgCode?: unknown }).pgCode;
        if (pgCode === '3F000' || pgCode === '42883') {
          throw new Error('The PostgreSQL job queue is not installed in this database: prepareGraphileQueue(url) must run at start-up.', { cause: error });
        }
        throw error;
      }
      return job;
    })();
  }

  get(id: string): Job | undefined {
    return this.#inner.get(id);
  }

  list(query: ListJobsQuery = {}): JobPage {
    return this.#inner.list(query);
  }

  depth(): Record<JobState, number> {
    return this.#inner.depth();
  }

  /** As the SQLite queue's; a job cancelled before it ran also leaves graphile-worker (`remove_job`), in the same transaction. */
  cancel(id: string): Job | undefined {
    return this.#db
      .transaction(() => {
        const before = this.#inner.get(id);
        const after = this.#inner.cancel(id);
        if (before !== undefined && before.state !== 'cancelled' && after?.state === 'cancelled') this.#db.execRaw(REMOVE_GRAPHILE_JOB, [id]);
        return after;
      })
      .immediate();
  }

  heartbeat(id: string, workerId: string, leaseMs: number, progress?: number): HeartbeatResult {
    return this.#inner.heartbeat(id, workerId, leaseMs, progress);
  }

  complete(id: string, workerId: string, result: unknown): Job | undefined {
    return this.#inner.complete(id, workerId, result);
  }

  /** As the SQLite queue's; a job queued again is retried by graphile-worker once its handler rethrows. */
  fail(id: string, workerId: string, error: unknown, options: FailOptions): Job | undefined {
    return this.#inner.fail(id, workerId, error, options);
  }

  /**
   * As the SQLite queue's: queued again without counting the attempt. The graphile job the worker holds ends with its
   * handler; a new one (same job_key) is scheduled now, in the same transaction, with the attempts the row has left.
   */
  release(id: string, workerId: string): Job | undefined {
    return this.#db
      .transaction(() => {
        const after = this.#inner.release(id, workerId);
        if (after?.state === 'queued') this.#db.execRaw(ADD_GRAPHILE_JOB, [id, this.#now(), Math.max(1, after.maxAttempts - after.attempts)]);
        return after;
      })
      .immediate();
  }

  /**
   * The runner side's claim: the queued job `id` (graphile-worker handed it to the task handler) becomes `running`
   * under `owner`'s lease. `owner` starts with the graphile worker pool's id and a `/`: the sweeper finds gone pools by
   * it. Undefined when the row is not queued (cancelled or ended meanwhile): there is nothing to run.
   */
  claim(id: string, owner: string, leaseMs: number): Job | undefined {
    const row = this.#db.transaction(() => this.#claim.get({ id, owner, leaseMs, now: this.#now() })).immediate();
    return row === undefined ? undefined : this.#changed([row])[0];
  }

  /**
   * The sweeper: running jobs of graphile worker pools whose leases all expired (the process is gone) are queued
   * again (ended `failed` on their last attempt, `cancelled` when a cancel was pending) and the pools' graphile jobs
   * unlocked (`force_unlock_workers`), in one transaction; so are pools whose graphile locks are older than
   * `staleLockMs`. A pool still holding a live lease is alive (only slow on one job) and left alone. Returns the jobs
   * it changed.
   */
  recoverExpired(): Job[] {
    const now = this.#now();
    const candidates = new Set(this.#expiredOwners.all({ now }).map((o) => poolOf(o.lease_owner)));
    if (now - this.#lastStaleCheck >= this.#staleLockMs / 4) {
      this.#lastStaleCheck = now;
      for (const row of this.#db.execRaw(STALE_LOCK_POOLS, [this.#staleLockMs]).rows) candidates.add(String(row['locked_by']));
    }
    if (candidates.size === 0) return [];
    const { pools, rows } = this.#db
      .transaction(() => {
        // in the transaction: a heartbeat of a pool that is alive after all conflicts with it, and one of them runs again
        const dead = [...candidates].filter((pool) => this.#poolAlive.get({ now, prefix: `${pool}/%` }) === undefined);
        if (dead.length === 0) return { pools: dead, rows: [] };
        const changed = dead.flatMap((pool) => this.#recoverPool.flatMap((statement) => statement.all({ now, prefix: `${pool}/%` })));
        this.#db.execRaw(FORCE_UNLOCK_WORKERS, [dead]);
        // a job that ended here is not run again
        for (const row of changed) if (row.state !== 'queued') this.#db.execRaw(REMOVE_GRAPHILE_JOB, [row.id]);
        for (const row of changed) this.#db.execRaw(NOTIFY_JOB, [row.id]);
        return { pools: dead, rows: changed };
      })
      .immediate();
    if (pools.length > 0) this.#logger?.warn({ pools, jobs: rows.map((r) => r.id) }, 'recovered the jobs of stopped workers');
    return rows.map((row) => this.#fire(toJob(row)));
  }

  /** graphile-worker pools (`concurrency` = `workers`) that run this queue's jobs. */
  jobSource(options: JobSourceOptions): JobSource {
    return new GraphileJobSource(this, { ...options, url: this.#url });
  }

  /** Stops the sweeper and the LISTEN connection and drops every listener; the database stays open. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#sweeper !== undefined) clearInterval(this.#sweeper);
    if (this.#relisten !== undefined) clearTimeout(this.#relisten);
    this.#innerSubscription.dispose();
    this.#inner.dispose();
    this.#onDidChangeJob.dispose();
    const listener = this.#listener;
    this.#listener = undefined;
    void listener?.end().catch(() => {});
  }

  #announce(job: Job): void {
    // inside the change's transaction when there is one (delivered at commit), else right after it
    try {
      this.#db.execRaw(NOTIFY_JOB, [job.id]);
    } catch (error) {
      this.#logger?.warn({ err: error, jobId: job.id }, 'could not tell other processes about a job change');
    }
    this.#fire(job);
  }

  #changed(rows: JobRow[]): Job[] {
    return rows.map((row) => {
      this.#db.execRaw(NOTIFY_JOB, [row.id]);
      return this.#fire(toJob(row));
    });
  }

  #fire(job: Job): Job {
    this.#onDidChangeJob.fire(job);
    return job;
  }

  // LISTENs on a connection of its own (the synchronous handle cannot wait for notifications), again after losing it
  async #listen(): Promise<void> {
    if (this.#disposed) return;
    try {
      this.#ownPid ??= Number(this.#db.execRaw('SELECT pg_backend_pid() AS pid').rows[0]!['pid']);
    } catch (error) {
      this.#logger?.warn({ err: error }, 'could not read the database connection id');
    }
    const client = new pg.Client({ connectionString: this.#url, application_name: 'verbatim-jobs-listener' });
    const lost = (error: unknown): void => {
      if (this.#listener !== client) return;
      this.#listener = undefined;
      this.#logger?.warn({ err: error }, 'lost the job notification connection; connecting again');
      // the synchronous handle may have connected again too: read its connection's id again
      this.#ownPid = undefined;
      void client.end().catch(() => {});
      if (this.#disposed) return;
      this.#relisten = setTimeout(() => void this.#listen(), RELISTEN_MS);
      this.#relisten.unref();
    };
    this.#listener = client;
    client.on('error', lost);
    client.on('notification', (message) => {
      // this process's own changes were reported when they were made
      if (message.channel !== JOBS_CHANNEL || message.processId === this.#ownPid || message.payload === undefined) return;
      let job: Job | undefined;
      try {
        job = this.get(message.payload);
      } catch (error) {
        this.#logger?.warn({ err: error, jobId: message.payload }, 'could not read a job another process changed');
        return;
      }
      if (job !== undefined && !this.#disposed) this.#fire(job);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${JOBS_CHANNEL}`);
    } catch (error) {
      lost(error);
      return;
    }
    if (this.#disposed) await client.end().catch(() => {});
    else this.#listening?.();
  }
}

function poolOf(owner: string): string {
  const slash = owner.indexOf('/');
  return slash < 0 ? owner : owner.slice(0, slash);
}
