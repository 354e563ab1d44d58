import type { SSEStreamingApi } from 'hono/streaming';
import type { Job } from '../../queue/Job.ts';
import type { JobQueueApi } from '../../queue/JobQueueApi.ts';

/** Whether a job reached a state it never leaves. */
export function isJobFinished(job: Job): boolean {
  return job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled';
}

// a comment line now and then keeps proxies from closing a quiet stream
const KEEP_ALIVE_MS = 15_000;

/**
 * Writes one job's Server-Sent Events to a `streamSSE` stream: an `event: job` message with the job's current
 * state, then one for every change the queue reports (progress, state), and a `: keep-alive` comment every 15 s.
 * Resolves, and the subscription goes, after the job finishes, when the client goes away (`signal`) or when the
 * stream is aborted.
 *
 * @example
 * return streamSSE(c, (stream) => streamJobEvents(stream, queue, job.id, c.req.raw.signal));
 */
export async function streamJobEvents(stream: SSEStreamingApi, queue: JobQueueApi, jobId: string, signal: AbortSignal): Promise<void> {
  const { promise: ended, resolve: end } = Promise.withResolvers<void>();
  // queue events arrive synchronously; writes wait for the reader, one after another, in order
  let writing = Promise.resolve();
  const write = (next: () => Promise<unknown>): void => {
    writing = writing.then(next).then(() => {});
  };
  const send = (job: Job): void => {
    write(() => stream.writeSSE({ event: 'job', data: JSON.stringify(job) }));
    if (isJobFinished(job)) end();
  };
  // subscribe before reading, so a change between the two is not missed
  const subscription = queue.onDidChangeJob((job) => {
    if (job.id === jobId) send(job);
  });
  const keepAlive = setInterval(() => write(() => stream.write(': keep-alive\n\n')), KEEP_ALIVE_MS);
  const onAbort = (): void => end();
  stream.onAbort(onAbort);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const current = signal.aborted || stream.aborted ? undefined : queue.get(jobId);
    if (current === undefined) end();
    else send(current);
    await ended;
    if (!signal.aborted && !stream.aborted) await writing;
  } finally {
    subscription.dispose();
    clearInterval(keepAlive);
    signal.removeEventListener('abort', onAbort);
  }
}
