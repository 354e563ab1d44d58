import { useEffect, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import type { JobJson } from '../../shell/ApiJson.ts';
import { isJobFinished } from '../../shell/JobWatcher.ts';
import { useShell } from '../../shell/ShellContext.tsx';
import { type JobsPage, readBatchJobs } from './readBatchJobs.ts';
import { type JobsSummary, summarizeJobs } from './summarizeJobs.ts';

/** Batches up to this many jobs are followed live, each through its event stream; larger ones are polled. */
const LIVE_JOBS = 4;
/** How often a large batch reads its project's jobs again. */
const POLL_MS = 2000;
/** Pages of the project's job list read per poll at most (500 jobs each). */
const MAX_PAGES = 10;

/**
 * Follows a batch of jobs and sums them up, with the messages of those that failed; `onFinished` runs once when the
 * last of them finishes. A few jobs go through the workbench's job watcher (their event streams, so the status bar
 * counts them too); a re-run of many transcripts reads its project's job list every two seconds instead, since a
 * browser keeps only a handful of connections open to one server and an event stream holds one.
 */
export function useJobsProgress(jobIds: readonly string[], onFinished?: () => void, projectId?: string): JobsSummary & { errors: string[] } {
  const { api } = useWorkbench();
  const { jobs } = useShell();
  const [known, setKnown] = useState<ReadonlyMap<string, JobJson>>(new Map());
  const key = jobIds.join(',');

  useEffect(() => {
    if (jobIds.length === 0) return;
    const ids = new Set(jobIds);
    let disposed = false;
    const update = (found: readonly JobJson[]) =>
      !disposed &&
      found.some((job) => ids.has(job.id)) &&
      setKnown((m) => {
        const next = new Map(m);
        for (const job of found) if (ids.has(job.id)) next.set(job.id, job);
        return next;
      });

    if (projectId === undefined || ids.size <= LIVE_JOBS) {
      const watches: { dispose(): void }[] = [];
      const sub = jobs.onDidChangeJob((job) => update([job]));
      for (const id of ids) {
        api.get<JobJson>(`/api/jobs/${encodeURIComponent(id)}`).then(
          (job) => {
            if (disposed) return;
            update([job]);
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
    }

    let timer: ReturnType<typeof setTimeout> | undefined;
    const abort = new AbortController();
    const finished = new Set<string>();
    const poll = async () => {
      try {
        const seen = await readBatchJobs(
          (cursor) => api.get<JobsPage>(`/api/projects/${encodeURIComponent(projectId)}/jobs?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, abort.signal),
          ids,
          finished,
          MAX_PAGES,
        );
        update(seen);
      } catch {
        // tried again on the next poll
      }
      if (!disposed && finished.size < ids.size) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      disposed = true;
      clearTimeout(timer);
      abort.abort();
    };
    // the ids' content, not the array's identity
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, jobs, key, projectId]);

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
