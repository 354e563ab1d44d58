import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { JOB_STATES } from './Job.ts';
import type { Job, JobState } from './Job.ts';
import { JobQueueError } from './JobQueueError.ts';
import { toJob } from './jobRow.ts';
import type { JobRow } from './jobRow.ts';

/** Filters and page of {@link JobQueue.list}. */
export interface ListJobsQuery {
  projectId?: string;
  state?: JobState;
  /** Jobs per page, 1-500 (default 50). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** One page of jobs, newest first; `nextCursor` is undefined on the last page. */
export interface JobPage {
  jobs: Job[];
  nextCursor: string | undefined;
}

const MAX_LIMIT = 500;

/** Keyset pagination over the insertion order, so pages stay stable while jobs are added or change state. */
export function listJobs(db: SqlDatabase, query: ListJobsQuery): JobPage {
  const { projectId, state, limit = 50, cursor } = query;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new JobQueueError('invalid-argument', `limit must be a whole number from 1 to ${MAX_LIMIT}, not ${String(limit)}.`);
  }
  if (state !== undefined && !JOB_STATES.includes(state)) {
    throw new JobQueueError('invalid-argument', `Unknown job state ${JSON.stringify(state)}; use one of ${JOB_STATES.join(', ')}.`);
  }
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (projectId !== undefined) {
    where.push('project_id = ?');
    params.push(projectId);
  }
  if (state !== undefined) {
    where.push('state = ?');
    params.push(state);
  }
  if (cursor !== undefined) {
    where.push('seq < ?');
    params.push(parseCursor(cursor));
  }
  const sql = `SELECT * FROM jobs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
  const rows = db.prepare<(string | number)[], JobRow>(sql).all(...params, limit + 1);
  const page = rows.slice(0, limit);
  return {
    jobs: page.map(toJob),
    nextCursor: rows.length > limit ? String(page.at(-1)!.seq) : undefined,
  };
}

function parseCursor(cursor: string): number {
  const seq = /^[1-9][0-9]{0,14}$/.test(cursor) ? Number(cursor) : Number.NaN;
  if (Number.isNaN(seq)) {
    throw new JobQueueError('invalid-cursor', 'This page cursor is not valid; use the nextCursor of a previous page, or none for the first page.');
  }
  return seq;
}
