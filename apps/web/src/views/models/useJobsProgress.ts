import { useEffect, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import type { JobJson } from '../../shell/ApiJson.ts';
import { isJobFinished } from '../../shell/JobWatcher.ts';
import { useShell } from '../../shell/ShellContext.tsx';
import { type JobsSummary, summarizeJobs } from './summarizeJobs.ts';

/**
 * Follows a batch of jobs through the workbench's job watcher (their event streams, so the status bar counts them
 * too) and sums them up, with the messages of those that failed; `onFinished` runs once when the last of them
 * finishes.
 */
export function useJobsProgress(jobIds: readonly string[], onFinished?: () => void): JobsSummary & { errors: string[] } {
  const { api } = useWorkbench();
  const { jobs } = useShell();
  const [known, setKnown] = useState<ReadonlyMap<string, JobJson>>(new Map());
  const key = jobIds.join(',');

  useEffect(() => {
    if (jobIds.length === 0) return;
    const ids = new Set(jobIds);
    const watches: { dispose(): void }[] = [];
    let disposed = false;
    const update = (job: JobJson) => !disposed && ids.has(job.id) && setKnown((m) => new Map(m).set(job.id, job));
    const sub = jobs.onDidChangeJob(update);
    for (const id of ids) {
      api.get<JobJson>(`/api/jobs/${encodeURIComponent(id)}`).then(
        (job) => {
          if (disposed) return;
          update(job);
          if (!isJobFinished(job)) watches.push(jobs.watch(job));
        },
        () => {},
      );
    }
    return () => {
      disposed = true;
      sub.dispose();
      for (const w of watches) w.dispose();
    };
    // the ids' content, not the array's identity
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, jobs, key]);

  const summary = summarizeJobs(jobIds, known);
  const done = summary.total > 0 && summary.finished === summary.total;
  useEffect(() => {
    if (done) onFinished?.();
    // once per batch
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [done, key]);
  const errors = jobIds.flatMap((id) => {
    const error = known.get(id)?.error;
    return error ? [error] : [];
  });
  return { ...summary, errors };
}
