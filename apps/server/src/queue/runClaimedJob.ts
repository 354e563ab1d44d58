import type { Job } from './Job.ts';
import type { LeasedJobs } from './JobQueueApi.ts';

/** What a handler gets besides the job. */
export interface JobContext {
  /** Aborts when the job is cancelled, its lease is lost, or the runner shuts down; stop soon after. */
  signal: AbortSignal;
  /** Share done in [0, 1]; sent with the next heartbeat. */
  reportProgress(fraction: number): void;
}

/** Does a job's work and resolves with its JSON result. */
export type JobHandler = (job: Job, context: JobContext) => Promise<unknown>;

/** Options of {@link runClaimedJob}. */
export interface RunClaimedJobOptions {
  /** The worker that claimed the job. */
  workerId: string;
  /** The lease each heartbeat renews; the same as the claim's. */
  leaseMs: number;
  /** Time between heartbeats (default a third of the lease, so two can be late before the lease runs out). */
  heartbeatMs?: number;
  /** Whether a handler error is worth another attempt (default: yes). */
  isRetryable?: (error: unknown) => boolean;
  /** Shutdown: aborting stops the handler and gives the job back to the queue without counting the attempt. */
  signal?: AbortSignal;
}

/**
 * How the attempt ended: the job `succeeded`, will be `retried`, `failed` for good, was `cancelled`, was `lost`
 * to another worker (its lease expired), or was `released` at shutdown.
 */
export type JobOutcome = 'succeeded' | 'retried' | 'failed' | 'cancelled' | 'lost' | 'released';

/**
 * Runs `handler` for a job this worker claimed: heartbeats keep the lease while it works (and carry its progress),
 * a cancel or a lost lease aborts it, and its result or error is recorded, unless the lease was lost, in which case
 * the job is left to the worker that holds it now.
 *
 * @example
 * const job = queue.claim(workerId, 30_000);
 * if (job) await runClaimedJob(queue, job, transcribe, { workerId, leaseMs: 30_000, signal: shutdown.signal });
 */
export async function runClaimedJob(queue: LeasedJobs, job: Job, handler: JobHandler, options: RunClaimedJobOptions): Promise<JobOutcome> {
  const { workerId, leaseMs, heartbeatMs = Math.max(1, Math.floor(leaseMs / 3)), isRetryable = () => true, signal } = options;
  const controller = new AbortController();
  let stopped: 'cancelled' | 'lost' | 'released' | undefined;
  let progress: number | undefined;
  const stop = (why: 'cancelled' | 'lost' | 'released', reason: unknown): void => {
    stopped ??= why;
    controller.abort(reason);
  };
  const onShutdown = (): void => stop('released', signal?.reason);
  const timer = setInterval(() => {
    let beat;
    try {
      beat = queue.heartbeat(job.id, workerId, leaseMs, progress);
    } catch {
      // a busy database is transient; if the lease runs out meanwhile, the next heartbeat says so
      return;
    }
    if (beat !== 'ok') stop(beat, new Error(beat === 'cancelled' ? 'The job was cancelled.' : 'The job was taken over by another worker.'));
  }, heartbeatMs);
  if (signal?.aborted) onShutdown();
  else signal?.addEventListener('abort', onShutdown, { once: true });

  let result: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    const reportProgress = (fraction: number): void => {
      if (fraction >= 0 && fraction <= 1) progress = fraction;
    };
    result = { ok: true, value: await handler(job, { signal: controller.signal, reportProgress }) };
  } catch (error) {
    result = { ok: false, error };
  } finally {
    clearInterval(timer);
    signal?.removeEventListener('abort', onShutdown);
  }

  if (stopped === 'cancelled' || stopped === 'lost') return stopped;
  // work that finished is recorded even when shutdown began meanwhile
  if (result.ok) return queue.complete(job.id, workerId, result.value) === undefined ? 'lost' : 'succeeded';
  if (stopped === 'released') {
    const after = queue.release(job.id, workerId);
    return after === undefined ? 'lost' : after.state === 'cancelled' ? 'cancelled' : 'released';
  }
  const after = queue.fail(job.id, workerId, result.error, { retryable: isRetryable(result.error) });
  if (after === undefined) return 'lost';
  return after.state === 'queued' ? 'retried' : after.state === 'cancelled' ? 'cancelled' : 'failed';
}
