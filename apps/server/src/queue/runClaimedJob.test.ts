import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from './Job.ts';
import { JobQueue } from './JobQueue.ts';
import { runClaimedJob } from './runClaimedJob.ts';
import type { JobHandler } from './runClaimedJob.ts';
import { createTestDatabase } from '../../test/queueTestDatabase.ts';
import type { TestDatabase } from '../../test/queueTestDatabase.ts';

// real timers drive the heartbeats; the queue's clock is real too unless a test moves it
describe('runClaimedJob', () => {
  let t: TestDatabase;
  let queue: JobQueue;
  let projectId: string;
  let offset: number;
  const options = { workerId: 'w1', leaseMs: 60_000, heartbeatMs: 10 };

  beforeEach(() => {
    t = createTestDatabase();
    offset = 0;
    queue = new JobQueue(t.db, { now: () => Date.now() + offset, backoff: { baseMs: 10, maxMs: 10 } });
    projectId = t.addProject();
  });
  afterEach(() => {
    queue.dispose();
    t.dispose();
  });

  const claimOne = (workerId = 'w1', maxAttempts = 3): Job => {
    queue.enqueue({ projectId, kind: 'transcribe', payload: { n: 1 }, maxAttempts });
    return queue.claim(workerId, options.leaseMs)!;
  };
  // resolves once the job was aborted, rejecting with the signal's reason like a well-behaved handler
  const untilAborted: JobHandler = (_job, { signal }) =>
    new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));

  it('records the result, sending progress with the heartbeats meanwhile', async () => {
    const job = claimOne();
    const progress: number[] = [];
    queue.onDidChangeJob((j) => progress.push(j.progress));
    const outcome = await runClaimedJob(
      queue,
      job,
      async (claimed, { reportProgress }) => {
        reportProgress(0.5);
        while (queue.get(claimed.id)!.progress !== 0.5) await sleep(5);
        return { words: 3 };
      },
      options,
    );
    expect(outcome).toBe('succeeded');
    expect(queue.get(job.id)).toMatchObject({ state: 'succeeded', result: { words: 3 } });
    expect(progress).toEqual([0.5, 1]);
  });

  it('retries a failed attempt, or fails it for good when the error is not retryable', async () => {
    const boom: JobHandler = async () => {
      throw new Error('decoder crashed');
    };
    const job = claimOne();
    expect(await runClaimedJob(queue, job, boom, options)).toBe('retried');
    expect(queue.get(job.id)).toMatchObject({ state: 'queued', error: 'decoder crashed' });
    await sleep(20);
    const again = queue.claim('w1', options.leaseMs)!;
    expect(again.id).toBe(job.id);
    expect(await runClaimedJob(queue, again, boom, { ...options, isRetryable: () => false })).toBe('failed');
    expect(queue.get(job.id)).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it('aborts the handler when the job is cancelled', async () => {
    const job = claimOne();
    const running = runClaimedJob(queue, job, untilAborted, options);
    queue.cancel(job.id);
    expect(await running).toBe('cancelled');
    expect(queue.get(job.id)?.state).toBe('cancelled');
  });

  it('aborts the handler and leaves the job alone when another worker took it over', async () => {
    const job = claimOne('w1');
    const running = runClaimedJob(queue, job, untilAborted, options);
    offset = options.leaseMs; // w1 stalled past its lease
    expect(queue.claim('w2', options.leaseMs)?.id).toBe(job.id);
    expect(await running).toBe('lost');
    expect(queue.get(job.id)).toMatchObject({ state: 'running', leaseOwner: 'w2', attempts: 2 });
  });

  it('gives the job back on shutdown without counting the attempt, but keeps finished work', async () => {
    const shutdown = new AbortController();
    const job = claimOne();
    const running = runClaimedJob(queue, job, untilAborted, { ...options, signal: shutdown.signal });
    shutdown.abort(new Error('server stopping'));
    expect(await running).toBe('released');
    expect(queue.get(job.id)).toMatchObject({ state: 'queued', attempts: 0 });

    const stopping = new AbortController();
    const next = queue.claim('w1', options.leaseMs)!;
    const outcome = runClaimedJob(queue, next, async () => {
      stopping.abort();
      return 'done anyway';
    }, { ...options, signal: stopping.signal });
    expect(await outcome).toBe('succeeded');
    expect(queue.get(job.id)).toMatchObject({ state: 'succeeded', result: 'done anyway' });
  });
});
