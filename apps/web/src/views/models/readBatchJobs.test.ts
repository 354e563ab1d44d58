import { describe, expect, it } from 'vitest';
import type { JobJson } from '../../shell/ApiJson.ts';
import { type JobsPage, readBatchJobs } from './readBatchJobs.ts';

const job = (id: string, state: JobJson['state']): JobJson => ({ id, state, progress: state === 'succeeded' ? 1 : 0.5 }) as JobJson;

// a project's job list of three pages, newest first, as the server pages it
function pages(all: JobJson[], size: number) {
  const asked: (string | null)[] = [];
  const getPage = async (cursor: string | null): Promise<JobsPage> => {
    asked.push(cursor);
    const from = cursor === null ? 0 : Number(cursor);
    const next = from + size < all.length ? String(from + size) : null;
    return { jobs: all.slice(from, from + size), nextCursor: next };
  };
  return { getPage, asked };
}

describe('readBatchJobs', () => {
  const list = [job('x1', 'running'), job('b1', 'running'), job('x2', 'succeeded'), job('b2', 'succeeded'), job('x3', 'failed'), job('b3', 'failed')];

  it('reads pages until every job of the batch was seen, and notes the finished ones', async () => {
    const { getPage, asked } = pages(list, 2);
    const finished = new Set<string>();
    const seen = await readBatchJobs(getPage, new Set(['b1', 'b2']), finished);
    expect(seen.map((j) => j.id)).toEqual(['b1', 'b2']);
    expect([...finished]).toEqual(['b2']);
    expect(asked).toEqual([null, '2']);
  });

  it('asks nothing more of the jobs already finished', async () => {
    const { getPage, asked } = pages(list, 2);
    const finished = new Set(['b2', 'b3']);
    await readBatchJobs(getPage, new Set(['b1', 'b2', 'b3']), finished);
    expect(asked).toEqual([null]);
    const none = pages(list, 2);
    expect(await readBatchJobs(none.getPage, new Set(['b2', 'b3']), finished)).toEqual([]);
    expect(none.asked).toEqual([]);
  });

  it('stops at the end of the list and after maxPages', async () => {
    const end = pages(list, 2);
    await readBatchJobs(end.getPage, new Set(['gone']), new Set());
    expect(end.asked).toEqual([null, '2', '4']);
    const capped = pages(list, 1);
    await readBatchJobs(capped.getPage, new Set(['gone']), new Set(), 2);
    expect(capped.asked).toEqual([null, '1']);
  });
});
