import { describe, expect, it } from 'vitest';
import { summarizeJobs } from './summarizeJobs.ts';

describe('summarizeJobs', () => {
  it('counts finished and failed jobs and averages progress, unknown jobs at 0', () => {
    const known = new Map([
      ['a', { state: 'succeeded' as const, progress: 1 }],
      ['b', { state: 'running' as const, progress: 0.5 }],
      ['c', { state: 'failed' as const, progress: 0.2 }],
    ]);
    expect(summarizeJobs(['a', 'b', 'c', 'd'], known)).toEqual({ total: 4, finished: 2, failed: 1, progress: (1 + 0.5 + 1 + 0) / 4 });
  });

  it('is done at once for an empty batch', () => {
    expect(summarizeJobs([], new Map())).toEqual({ total: 0, finished: 0, failed: 0, progress: 1 });
  });
});
