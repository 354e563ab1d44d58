import type { Job } from '../../queue/Job.ts';
import type { JobQueue } from '../../queue/JobQueue.ts';

/** Whether a job reached a state it never leaves. */
export function isJobFinished(job: Job): boolean {
  return job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled';
}

// a comment line now and then keeps proxies from closing a quiet stream
const KEEP_ALIVE_MS = 15_000;

/**
 * A Server-Sent Events body for one job: an `event: job` message with the job's current state, then one for every
 * change the queue reports (progress, state), ending after the job finishes. The subscription goes when the stream
 * ends, when the client goes away (`signal`) or when the reader cancels it.
 */
export function jobEventStream(queue: JobQueue, jobId: string, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = (): void => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const close = (): void => {
        if (!open) return;
        open = false;
        cleanup();
        controller.close();
      };
      const send = (job: Job): void => {
        if (!open) return;
        controller.enqueue(encoder.encode(`event: job\ndata: ${JSON.stringify(job)}\n\n`));
        if (isJobFinished(job)) close();
      };
      // subscribe before reading, so a change between the two is not missed
      const subscription = queue.onDidChangeJob((job) => {
        if (job.id === jobId) send(job);
      });
      const keepAlive = setInterval(() => {
        if (open) controller.enqueue(encoder.encode(': keep-alive\n\n'));
      }, KEEP_ALIVE_MS);
      const onAbort = (): void => {
        if (!open) return;
        open = false;
        cleanup();
        controller.error(signal.reason);
      };
      cleanup = () => {
        subscription.dispose();
        clearInterval(keepAlive);
        signal.removeEventListener('abort', onAbort);
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      const current = queue.get(jobId);
      if (current === undefined) close();
      else send(current);
    },
    cancel() {
      cleanup();
    },
  });
}
