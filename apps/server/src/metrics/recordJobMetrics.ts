import type { JobQueueApi } from '../queue/JobQueueApi.ts';
import type { Job } from '../queue/Job.ts';
import type { ServerMetrics } from './ServerMetrics.ts';

/**
 * Feeds `metrics` every job of `queue` that ends (succeeded, failed or cancelled) in this process; `audioSeconds`
 * says how long a job's audio is, for its real-time factor (undefined when unknown). Returns the subscription.
 */
export function recordJobMetrics(queue: JobQueueApi, metrics: ServerMetrics, audioSeconds: (job: Job) => number | undefined): { dispose(): void } {
  return queue.onDidChangeJob((job) => {
    if (job.state !== 'succeeded' && job.state !== 'failed' && job.state !== 'cancelled') return;
    let seconds: number | undefined;
    try {
      seconds = audioSeconds(job);
    } catch {
      // a job whose media is gone still counts, without a real-time factor
      seconds = undefined;
    }
    metrics.observeFinishedJob(job, seconds);
  });
}
