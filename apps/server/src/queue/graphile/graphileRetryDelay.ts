/**
 * graphile-worker's delay before retrying after failed attempt number `attempt`: `exp(min(attempt, 10))` seconds
 * (2.7 s, 7.4 s, 20 s, … up to about 6 h), as its `fail_job` schedules it; the PostgreSQL queue records it in the row's
 * `run_after` so the job's page tells when it runs again.
 */
export function graphileRetryDelay(attempt: number): number {
  return Math.round(Math.exp(Math.min(Math.max(attempt, 1), 10)) * 1000);
}
