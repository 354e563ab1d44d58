import type { JobJson } from '../../shell/ApiJson.ts';

/** Where a batch of jobs stands: how many, how many finished and failed, and the mean progress (0..1). */
export interface JobsSummary {
  total: number;
  finished: number;
  failed: number;
  progress: number;
}

/**
 * Sums up a batch (a re-run, a comparison) from what is known of each of its jobs; a job not read yet counts as
 * queued at 0.
 */
export function summarizeJobs(jobIds: readonly string[], known: ReadonlyMap<string, Pick<JobJson, 'state' | 'progress'>>): JobsSummary {
  let finished = 0;
  let failed = 0;
  let sum = 0;
  for (const id of jobIds) {
    const job = known.get(id);
    if (!job) continue;
    const done = job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled';
    if (done) finished++;
    if (job.state === 'failed' || job.state === 'cancelled') failed++;
    sum += done ? 1 : Math.min(1, Math.max(0, job.progress));
  }
  return { total: jobIds.length, finished, failed, progress: jobIds.length === 0 ? 1 : sum / jobIds.length };
}
