// SQL of the queue, kept apart so tests can check the claim paths' query plans. The claim paths name their partial
// index (INDEXED BY), because without statistics SQLite prefers `jobs_by_state` and sorts; the literal states (never
// bound parameters) are what make the partial indexes usable at all.

export const INSERT_JOB = `
  INSERT INTO jobs (id, project_id, kind, payload, state, attempts, max_attempts, run_after, created_at, updated_at)
  VALUES (@id, @projectId, @kind, @payload, 'queued', 0, @maxAttempts, @runAfter, @now, @now)
  RETURNING *`;

export const SELECT_JOB = 'SELECT * FROM jobs WHERE id = ?';

/** Running jobs whose lease expired with a cancel pending end `cancelled`. */
export const CANCEL_EXPIRED = `
  UPDATE jobs INDEXED BY jobs_leases SET state = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, finished_at = @now, updated_at = @now
  WHERE state = 'running' AND lease_expires_at <= @now AND cancel_requested = 1
  RETURNING *`;

/** ... those on their last attempt end `failed` (a job that kills its worker every time must not loop forever) ... */
export const FAIL_EXPIRED = `
  UPDATE jobs INDEXED BY jobs_leases SET state = 'failed', lease_owner = NULL, lease_expires_at = NULL, finished_at = @now, updated_at = @now,
    error = 'The worker running this job stopped responding (its lease expired) on attempt ' || attempts || ' of ' || max_attempts || '.'
  WHERE state = 'running' AND lease_expires_at <= @now AND attempts >= max_attempts
  RETURNING *`;

/** ... and the rest are queued again, keeping their `run_after` so they come before younger jobs. */
export const REQUEUE_EXPIRED = `
  UPDATE jobs INDEXED BY jobs_leases SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, progress = 0, updated_at = @now,
    error = 'The worker running this job stopped responding (its lease expired); it will be tried again.'
  WHERE state = 'running' AND lease_expires_at <= @now
  RETURNING *`;

/** The job due longest (then the oldest) becomes `running` under the caller's lease, in one statement. */
export const CLAIM_DUE = `
  UPDATE jobs SET state = 'running', lease_owner = @workerId, lease_expires_at = @now + @leaseMs,
    attempts = attempts + 1, progress = 0, started_at = @now, updated_at = @now
  WHERE seq = (SELECT seq FROM jobs INDEXED BY jobs_due WHERE state = 'queued' AND run_after <= @now ORDER BY run_after, seq LIMIT 1)
  RETURNING *`;

/** Writes every mutable column of a row read in the same transaction. */
export const WRITE_JOB = `
  UPDATE jobs SET state = @state, attempts = @attempts, run_after = @run_after, lease_owner = @lease_owner,
    lease_expires_at = @lease_expires_at, cancel_requested = @cancel_requested, progress = @progress, error = @error,
    result = @result, updated_at = @updated_at, started_at = @started_at, finished_at = @finished_at
  WHERE seq = @seq
  RETURNING *`;

export const COUNT_BY_STATE = 'SELECT state, count(*) AS count FROM jobs GROUP BY state';
