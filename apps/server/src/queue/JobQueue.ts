import type { SqlDatabase, SqlStatement } from '../db/SqlDatabase.ts';
import { backoffDelay, DEFAULT_BACKOFF } from './backoffDelay.ts';
import type { BackoffOptions } from './backoffDelay.ts';
import { checkNewJob, toJsonText } from './checkNewJob.ts';
import { Emitter } from './Emitter.ts';
import type { Event } from './Emitter.ts';
import { JOB_STATES } from './Job.ts';
import type { Job, JobState, NewJob } from './Job.ts';
import { JobQueueError } from './JobQueueError.ts';
import { toJob } from './jobRow.ts';
import type { JobRow } from './jobRow.ts';
import type { FailOptions, HeartbeatResult, JobQueueApi } from './JobQueueApi.ts';
import type { JobSource, JobSourceOptions } from './JobSource.ts';
import {
  CANCEL_EXPIRED,
  CLAIM_DUE,
  COUNT_BY_STATE,
  FAIL_EXPIRED,
  INSERT_JOB,
  REQUEUE_EXPIRED,
  SELECT_JOB,
  WRITE_JOB,
} from './jobStatements.ts';
import { listJobs } from './listJobs.ts';
import type { JobPage, ListJobsQuery } from './listJobs.ts';
import { PollingJobSource } from './PollingJobSource.ts';

export type { FailOptions, HeartbeatResult } from './JobQueueApi.ts';

/** Options of {@link JobQueue}. */
export interface JobQueueOptions {
  /** The clock, in ms since the epoch (tests inject one). */
  now?: () => number;
  /** Uniform in [0, 1), for backoff jitter (tests inject one). */
  random?: () => number;
  /** Retry delays (default 5 s doubling up to 10 min, half of it jitter). */
  backoff?: Partial<BackoffOptions>;
  /** `maxAttempts` of jobs enqueued without one (default 3). */
  defaultMaxAttempts?: number;
  /** Where errors thrown by `onDidChangeJob` listeners go (default `console.error`). */
  onListenerError?: (error: unknown) => void;
  /**
   * The delay before retrying after failed attempt number `attempt`, replacing `backoff` (a queue engine that
   * schedules retries itself, such as graphile-worker, states its own delay here so the row tells the truth).
   */
  retryDelay?: (attempt: number) => number;
}

interface InsertParams {
  id: string;
  projectId: string;
  kind: string;
  payload: string;
  maxAttempts: number;
  runAfter: number;
  now: number;
}

const MAX_LEASE_MS = 24 * 60 * 60 * 1000;
const MAX_ERROR_LENGTH = 4000;

/**
 * A durable job queue in the server's SQLite database, safe to share between processes on one machine.
 *
 * A worker `claim`s a job under a lease, renews it with `heartbeat` while it works and ends it with `complete` or
 * `fail`. Every transition checks the caller still holds the lease, so a worker that stalled past its lease (and
 * lost the job to another) can neither finish nor fail it: a job is never completed twice. Jobs of a crashed
 * process are claimed again once their lease expires. `onDidChangeJob` reports the changes made through this
 * instance (not those of other processes), after they are committed.
 *
 * @example
 * const queue = new JobQueue(openDatabase(dbPath));
 * queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId } });
 * const job = queue.claim(workerId, 30_000);
 * if (job) queue.complete(job.id, workerId, { transcriptId });
 */
export class JobQueue implements JobQueueApi {
  readonly #db: SqlDatabase;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #backoff: BackoffOptions;
  readonly #retryDelay: ((attempt: number) => number) | undefined;
  readonly #defaultMaxAttempts: number;
  readonly #onDidChangeJob: Emitter<Job>;
  readonly #insert: SqlStatement<[InsertParams], JobRow>;
  readonly #select: SqlStatement<[string], JobRow>;
  readonly #write: SqlStatement<[JobRow], JobRow>;
  // the claim paths are prepared at their first use: they name SQLite's partial indexes (INDEXED BY), and the
  // PostgreSQL queue (GraphileJobQueue), which keeps this queue's row logic, never claims through them
  #recover: SqlStatement<[{ now: number }], JobRow>[] | undefined;
  #claimDue: SqlStatement<[{ workerId: string; leaseMs: number; now: number }], JobRow> | undefined;
  readonly #countByState: SqlStatement<[], { state: JobState; count: number }>;

  /** Fires with the job's new state after each change made through this queue. */
  readonly onDidChangeJob: Event<Job>;

  /** `db` must be migrated (see `openDatabase`); the queue does not close it. */
  constructor(db: SqlDatabase, options: JobQueueOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    const { baseMs, maxMs } = this.#backoff;
    if (!(baseMs >= 0 && maxMs >= baseMs && Number.isFinite(maxMs))) {
      throw new JobQueueError('invalid-argument', `Backoff needs 0 <= baseMs <= maxMs (finite), not ${baseMs} and ${maxMs}.`);
    }
    this.#retryDelay = options.retryDelay;
    this.#defaultMaxAttempts = options.defaultMaxAttempts ?? 3;
    if (!Number.isInteger(this.#defaultMaxAttempts) || this.#defaultMaxAttempts < 1 || this.#defaultMaxAttempts > 100) {
      throw new JobQueueError('invalid-argument', `defaultMaxAttempts must be a whole number from 1 to 100, not ${this.#defaultMaxAttempts}.`);
    }
    this.#onDidChangeJob = new Emitter<Job>(options.onListenerError);
    this.onDidChangeJob = this.#onDidChangeJob.event;
    this.#insert = db.prepare<InsertParams, JobRow>(INSERT_JOB);
    this.#select = db.prepare<[string], JobRow>(SELECT_JOB);
    this.#write = db.prepare<JobRow, JobRow>(WRITE_JOB);
    this.#countByState = db.prepare<[], { state: JobState; count: number }>(COUNT_BY_STATE);
  }

  /**
   * Adds a job in state `queued`.
   * @throws {JobQueueError} `invalid-job` for a bad field, `unknown-project` when the project does not exist.
   */
  enqueue(input: NewJob): Job {
    const now = this.#now();
    const job = checkNewJob(input, { maxAttempts: this.#defaultMaxAttempts, now });
    let row: JobRow | undefined;
    try {
      row = this.#insert.get({ id: crypto.randomUUID(), ...job, now });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new JobQueueError('unknown-project', `There is no project with id ${JSON.stringify(job.projectId)}.`, { cause: error });
      }
      throw error;
    }
    return this.#emit([row!])[0]!;
  }

  /** The job with this id, or undefined. */
  get(id: string): Job | undefined {
    const row = this.#select.get(id);
    return row === undefined ? undefined : toJob(row);
  }

  /**
   * Atomically takes the job due longest for `workerId` (unique per worker: it is the lease's key) for `leaseMs`,
   * first recovering running jobs whose lease expired (see {@link recoverExpired}); undefined when nothing is due.
   */
  claim(workerId: string, leaseMs: number): Job | undefined {
    checkWorker(workerId);
    checkLease(leaseMs);
    const { recovered, claimed } = this.#db
      .transaction((now: number) => ({
        recovered: this.#recoverAt(now),
        claimed: (this.#claimDue ??= this.#db.prepare<{ workerId: string; leaseMs: number; now: number }, JobRow>(CLAIM_DUE)).get({ workerId, leaseMs, now }),
      }))
      .immediate(this.#now());
    this.#emit(recovered);
    return claimed === undefined ? undefined : this.#emit([claimed])[0];
  }

  /**
   * Extends `workerId`'s lease on a running job to `leaseMs` from now and records `progress` (0..1) if given.
   * `lost`: the worker no longer holds the job (its lease expired and another worker took it, or it ended) and must
   * stop without touching it. `cancelled`: someone cancelled the job; it is now `cancelled` and the worker aborts.
   */
  heartbeat(id: string, workerId: string, leaseMs: number, progress?: number): HeartbeatResult {
    checkLease(leaseMs);
    if (progress !== undefined && !(progress >= 0 && progress <= 1)) {
      throw new JobQueueError('invalid-argument', `Progress must be a number from 0 to 1, not ${String(progress)}.`);
    }
    let result: HeartbeatResult = 'lost';
    this.#change(id, workerId, (row, now) => {
      if (row.cancel_requested === 1) {
        result = 'cancelled';
        return ended(row, 'cancelled', now);
      }
      result = 'ok';
      return { ...row, lease_expires_at: now + leaseMs, progress: progress ?? row.progress, updated_at: now };
    }, (before, after) => after.state !== 'running' || after.progress !== before.progress);
    return result;
  }

  /** Ends a job `workerId` holds as `succeeded` with `result` (JSON); undefined (nothing changed) if it lost the lease. */
  complete(id: string, workerId: string, result: unknown): Job | undefined {
    const text = result === undefined ? null : toJsonText(result, 'result', 'invalid-argument');
    return this.#change(id, workerId, (row, now) => ({ ...ended(row, 'succeeded', now), progress: 1, error: null, result: text }));
  }

  /**
   * Records a failed attempt of a job `workerId` holds: queued again after a backoff while attempts remain and the
   * error is `retryable`, else `failed`; `cancelled` if a cancel was pending. Undefined (nothing changed) if the
   * worker lost the lease.
   */
  fail(id: string, workerId: string, error: unknown, options: FailOptions): Job | undefined {
    const message = describeError(error);
    return this.#change(id, workerId, (row, now) => {
      if (row.cancel_requested === 1) return ended(row, 'cancelled', now);
      if (!options.retryable || row.attempts >= row.max_attempts) return { ...ended(row, 'failed', now), error: message };
      const delay = this.#retryDelay?.(row.attempts) ?? backoffDelay(row.attempts, this.#backoff, this.#random);
      return { ...unleased(row, 'queued', now), run_after: now + delay, progress: 0, error: message };
    });
  }

  /**
   * Gives a held job back without counting the attempt (graceful shutdown): `queued` again, ahead of younger
   * jobs, or `cancelled` if a cancel was pending. Undefined if the worker lost the lease.
   */
  release(id: string, workerId: string): Job | undefined {
    return this.#change(id, workerId, (row, now) =>
      row.cancel_requested === 1
        ? ended(row, 'cancelled', now)
        : { ...unleased(row, 'queued', now), attempts: Math.max(0, row.attempts - 1), progress: 0 },
    );
  }

  /**
   * Cancels a job: a queued one (or a running one whose worker is gone) at once; a running one is flagged, and its
   * worker's next heartbeat answers `cancelled`. A finished job is returned unchanged; an unknown id gives undefined.
   */
  cancel(id: string): Job | undefined {
    const outcome = this.#db
      .transaction((now: number) => {
        const row = this.#select.get(id);
        if (row === undefined) return undefined;
        if (row.state === 'queued' || (row.state === 'running' && row.lease_expires_at! <= now)) {
          return { row: this.#write.get(ended(row, 'cancelled', now))!, changed: true };
        }
        if (row.state === 'running' && row.cancel_requested === 0) {
          return { row: this.#write.get({ ...row, cancel_requested: 1, updated_at: now })!, changed: true };
        }
        return { row, changed: false };
      })
      .immediate(this.#now());
    if (outcome === undefined) return undefined;
    return outcome.changed ? this.#emit([outcome.row])[0] : toJob(outcome.row);
  }

  /** A page of jobs, newest first, optionally of one project and/or state. */
  list(query: ListJobsQuery = {}): JobPage {
    return listJobs(this.#db, query);
  }

  /** How many jobs are in each state (every state present, zero included). */
  depth(): Record<JobState, number> {
    const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
    for (const { state, count } of this.#countByState.all()) counts[state] = count;
    return counts;
  }

  /**
   * Handles running jobs whose lease expired (their worker crashed or hung): queued again while attempts remain,
   * `failed` after the last one, `cancelled` when a cancel was pending. `claim` does this too; call it on start-up
   * so the state is right before any worker asks. Returns the jobs it changed.
   */
  recoverExpired(): Job[] {
    return this.#emit(this.#db.transaction((now: number) => this.#recoverAt(now)).immediate(this.#now()));
  }

  /** Workers that poll this queue and `claim` (see {@link PollingJobSource}). */
  jobSource(options: JobSourceOptions): JobSource {
    return new PollingJobSource(this, options);
  }

  /** Drops every `onDidChangeJob` listener. The database stays open (it belongs to the caller). */
  dispose(): void {
    this.#onDidChangeJob.dispose();
  }

  #recoverAt(now: number): JobRow[] {
    this.#recover ??= [CANCEL_EXPIRED, FAIL_EXPIRED, REQUEUE_EXPIRED].map((sql) => this.#db.prepare<{ now: number }, JobRow>(sql));
    return this.#recover.flatMap((statement) => statement.all({ now }));
  }

  // reads a job `workerId` holds, writes what `next` makes of it and reports it, all in one immediate transaction
  #change(
    id: string,
    workerId: string,
    next: (row: JobRow, now: number) => JobRow,
    shouldReport: (before: JobRow, after: JobRow) => boolean = () => true,
  ): Job | undefined {
    checkWorker(workerId);
    const change = this.#db
      .transaction((now: number) => {
        const before = this.#select.get(id);
        if (before === undefined || before.state !== 'running' || before.lease_owner !== workerId) return undefined;
        return { before, after: this.#write.get(next(before, now))! };
      })
      .immediate(this.#now());
    if (change === undefined) return undefined;
    const job = toJob(change.after);
    if (shouldReport(change.before, change.after)) this.#onDidChangeJob.fire(job);
    return job;
  }

  #emit(rows: JobRow[]): Job[] {
    const jobs = rows.map(toJob);
    for (const job of jobs) this.#onDidChangeJob.fire(job);
    return jobs;
  }
}

// the row of a job that leaves `running` (or never entered it)
function unleased(row: JobRow, state: JobState, now: number): JobRow {
  return { ...row, state, lease_owner: null, lease_expires_at: null, updated_at: now };
}

function ended(row: JobRow, state: 'succeeded' | 'failed' | 'cancelled', now: number): JobRow {
  return { ...unleased(row, state, now), finished_at: now };
}

function checkWorker(workerId: string): void {
  if (typeof workerId !== 'string' || workerId.length === 0 || workerId.length > 200) {
    throw new JobQueueError('invalid-argument', 'A worker id must be a non-empty string of at most 200 characters.');
  }
}

function checkLease(leaseMs: number): void {
  if (!Number.isInteger(leaseMs) || leaseMs < 1 || leaseMs > MAX_LEASE_MS) {
    throw new JobQueueError('invalid-argument', `A lease must be a whole number of milliseconds from 1 to ${MAX_LEASE_MS}, not ${String(leaseMs)}.`);
  }
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : typeof error === 'string' ? error : String(error);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
}
