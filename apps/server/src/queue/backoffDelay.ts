/** Retry delays: `baseMs * 2^(attempt-1)` capped at `maxMs`, of which a random half is jitter. */
export interface BackoffOptions {
  /** Delay scale after the first failed attempt (default 5 000 ms). */
  baseMs: number;
  /** Largest delay (default 10 minutes). */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5_000, maxMs: 600_000 };

/**
 * Milliseconds to wait before retrying after failed attempt number `attempt` (1-based). The result lies in
 * [d/2, d] with d the capped exponential delay: the lower half keeps retries spaced out, the random upper half
 * keeps many jobs failing together (a model crash, a full disk) from retrying in lock-step.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponential = options.baseMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(options.maxMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}
