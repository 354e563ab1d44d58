// SQL of the PostgreSQL queue. The `jobs` statements are in SQLite's dialect like every store's (the PostgresDatabase
// translates them); the graphile_worker calls and pg_notify are PostgreSQL's own and go through `execRaw`.

/** The graphile-worker task every Verbatim job runs as; its payload is `{ jobId }`. */
export const GRAPHILE_TASK = 'verbatim_job';

/** The channel every change of a `jobs` row is announced on, with the job id as payload. */
export const JOBS_CHANNEL = 'verbatim_jobs';

/** Schedules the graphile job of row `$1` (job_key = our id, so it exists once) at `$2` ms since the epoch, `$3` attempts. */
export const ADD_GRAPHILE_JOB = `
  SELECT 1 FROM graphile_worker.add_job('${GRAPHILE_TASK}', json_build_object('jobId', $1::text),
    run_at := to_timestamp($2::double precision / 1000), max_attempts := $3::int, job_key := $1::text)`;

/** Deletes the graphile job of row `$1` (an unlocked one; a locked one just loses its key and its retries). */
export const REMOVE_GRAPHILE_JOB = 'SELECT 1 FROM graphile_worker.remove_job($1::text)';

/** Unlocks every job the graphile worker pools `$1` (gone: their leases all expired) held. */
export const FORCE_UNLOCK_WORKERS = 'SELECT graphile_worker.force_unlock_workers($1::text[])';

export const NOTIFY_JOB = `SELECT pg_notify('${JOBS_CHANNEL}', $1::text)`;

/**
 * A queued job (or a running one whose lease expired without a cancel pending: its attempt could not record how it
 * ended) becomes `running` under the caller's lease — the task handler's claim of the job graphile handed it.
 */
export const CLAIM_JOB = `
  UPDATE jobs SET state = 'running', lease_owner = @owner, lease_expires_at = @now + @leaseMs,
    attempts = attempts + 1, progress = 0, started_at = @now, updated_at = @now
  WHERE id = @id AND (state = 'queued' OR (state = 'running' AND lease_expires_at <= @now AND cancel_requested = 0))
  RETURNING *`;

/** The owners of running jobs whose lease expired (the sweeper's one indexed query when nothing is wrong). */
export const EXPIRED_OWNERS = `SELECT DISTINCT lease_owner FROM jobs WHERE state = 'running' AND lease_expires_at <= @now`;

/**
 * Pools holding graphile jobs locked longer than `$1` ms: a pool that died between graphile locking a job and the
 * task handler claiming its row (or after a failed attempt, before graphile-worker recorded it) has no running row.
 */
export const STALE_LOCK_POOLS = `
  SELECT DISTINCT locked_by FROM graphile_worker.jobs
  WHERE locked_by IS NOT NULL AND locked_at < now() - $1::double precision * interval '1 millisecond'`;

/** Whether a pool still holds a live lease (then it is alive, only slow on one job). */
export const POOL_ALIVE = `
  SELECT 1 AS alive FROM jobs WHERE state = 'running' AND lease_expires_at > @now AND lease_owner LIKE @prefix LIMIT 1`;

// a gone pool's jobs, as the SQLite queue recovers expired leases: cancelled if a cancel was pending, failed on the last
// attempt, else queued again
export const CANCEL_POOL_EXPIRED = `
  UPDATE jobs SET state = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, finished_at = @now, updated_at = @now
  WHERE state = 'running' AND lease_expires_at <= @now AND lease_owner LIKE @prefix AND cancel_requested = 1
  RETURNING *`;

export const FAIL_POOL_EXPIRED = `
  UPDATE jobs SET state = 'failed', lease_owner = NULL, lease_expires_at = NULL, finished_at = @now, updated_at = @now,
    error = 'The worker running this job stopped responding (its lease expired) on attempt ' || attempts || ' of ' || max_attempts || '.'
  WHERE state = 'running' AND lease_expires_at <= @now AND lease_owner LIKE @prefix AND attempts >= max_attempts
  RETURNING *`;

export const REQUEUE_POOL_EXPIRED = `
  UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, progress = 0, updated_at = @now,
    error = 'The worker running this job stopped responding (its lease expired); it will be tried again.'
  WHERE state = 'running' AND lease_expires_at <= @now AND lease_owner LIKE @prefix
  RETURNING *`;
