import type { JobJson } from '../../shell/ApiJson.ts';
import { isJobFinished } from '../../shell/JobWatcher.ts';

/** One page of `GET /api/projects/:id/jobs` (newest first). */
export interface JobsPage {
  jobs: JobJson[];
  nextCursor: string | null;
}

/**
 * Reads what a project's job list says of a batch's jobs: pages from the newest on, until every job of the batch not
 * already `finished` was seen, the list ends, or `maxPages` were read. Adds the jobs it sees finished to `finished`
 * and returns the batch's jobs it saw.
 */
export async function readBatchJobs(
  getPage: (cursor: string | null) => Promise<JobsPage>,
  ids: ReadonlySet<string>,
  finished: Set<string>,
  maxPages = 10,
): Promise<JobJson[]> {
  const unseen = new Set([...ids].filter((id) => !finished.has(id)));
  const seen: JobJson[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages && unseen.size > 0; page++) {
    const answer = await getPage(cursor);
    for (const job of answer.jobs) {
      if (!ids.has(job.id)) continue;
      seen.push(job);
      unseen.delete(job.id);
      if (isJobFinished(job)) finished.add(job.id);
    }
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return seen;
}
