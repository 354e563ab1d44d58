import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backoffDelay } from './backoffDelay.ts';
import type { Job } from './Job.ts';
import { JobQueue } from './JobQueue.ts';
import type { JobQueueOptions } from './JobQueue.ts';
import { JobQueueError } from './JobQueueError.ts';
import { CANCEL_EXPIRED, CLAIM_DUE, FAIL_EXPIRED, REQUEUE_EXPIRED } from './jobStatements.ts';
import { createTestDatabase } from '../../test/queueTestDatabase.ts';
import type { TestDatabase } from '../../test/queueTestDatabase.ts';
import { testsUsePostgres } from '../../test/postgres/testDatabaseEngine.ts';

const T0 = 1_750_000_000_000;

describe('JobQueue', () => {
  let t: TestDatabase;
  let clock: number;
  let projectId: string;
  let queue: JobQueue;
  const open = (options: JobQueueOptions = {}) => new JobQueue(t.db, { now: () => clock, ...options });
  const enqueue = (payload: unknown = { mediaId: 'm1' }, extra: object = {}) =>
    queue.enqueue({ projectId, kind: 'transcribe', payload, ...extra });

  beforeEach(() => {
    t = createTestDatabase();
    clock = T0;
    projectId = t.addProject();
    queue = open();
  });
  afterEach(() => {
    queue.dispose();
    t.dispose();
  });

  it('enqueues a queued job and reads it back', () => {
    const job = enqueue({ mediaId: 'm1', vocabulary: ['Ödön', 'naïve'] });
    expect(job).toMatchObject({
      projectId,
      kind: 'transcribe',
      payload: { mediaId: 'm1', vocabulary: ['Ödön', 'naïve'] },
      state: 'queued',
      attempts: 0,
      maxAttempts: 3,
      runAfter: T0,
      leaseOwner: null,
      cancelRequested: false,
      progress: 0,
      result: null,
      createdAt: T0,
      finishedAt: null,
    });
    expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(queue.get(job.id)).toEqual(job);
    expect(queue.get('no-such-job')).toBeUndefined();
  });

  it('refuses bad jobs with specific errors', () => {
    const bad = (input: object) => catchError(() => queue.enqueue({ projectId, kind: 'transcribe', payload: {}, ...input }));
    expect(bad({ kind: 'Transcribe!' })).toMatchObject({ code: 'invalid-job', message: expect.stringContaining('Transcribe!') });
    expect(bad({ kind: 'x'.repeat(65) })).toMatchObject({ code: 'invalid-job' });
    expect(bad({ projectId: '' })).toMatchObject({ code: 'invalid-job', message: expect.stringContaining('projectId') });
    expect(bad({ maxAttempts: 0 })).toMatchObject({ code: 'invalid-job', message: expect.stringContaining('maxAttempts') });
    expect(bad({ maxAttempts: 1.5 })).toMatchObject({ code: 'invalid-job' });
    expect(bad({ runAfter: -1 })).toMatchObject({ code: 'invalid-job', message: expect.stringContaining('runAfter') });
    expect(bad({ payload: undefined })).toMatchObject({ code: 'invalid-job', message: expect.stringContaining('payload') });
    expect(bad({ payload: 10n })).toMatchObject({ code: 'invalid-job' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(bad({ payload: cyclic })).toBeInstanceOf(JobQueueError);
    expect(bad({ projectId: 'no-such-project' })).toMatchObject({ code: 'unknown-project' });
    expect(queue.depth().queued).toBe(0);
  });

  it('claims the job due longest, one at a time, under a lease', () => {
    const a = enqueue('a');
    clock += 1;
    const later = enqueue('later', { runAfter: T0 + 10_000 });
    const b = enqueue('b');
    const claimed = queue.claim('w1', 30_000);
    expect(claimed).toMatchObject({ id: a.id, state: 'running', attempts: 1, leaseOwner: 'w1', leaseExpiresAt: clock + 30_000, startedAt: clock });
    expect(queue.claim('w2', 30_000)?.id).toBe(b.id);
    expect(queue.claim('w3', 30_000)).toBeUndefined(); // `later` is not due yet
    clock = T0 + 10_000;
    expect(queue.claim('w3', 30_000)?.id).toBe(later.id);
    expect(queue.claim('w4', 30_000)).toBeUndefined();
  });

  // SQLite's query plans (PostgreSQL's planner picks its own; there the queue is GraphileJobQueue)
  it.skipIf(testsUsePostgres())('uses the partial indexes on both claim paths', () => {
    const plan = (sql: string, params: object) =>
      (t.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');
    const claim = plan(CLAIM_DUE, { workerId: 'w', leaseMs: 1, now: 0 });
    expect(claim).toMatch(/USING (COVERING )?INDEX jobs_due/);
    expect(claim).not.toMatch(/TEMP B-TREE/);
    for (const sql of [CANCEL_EXPIRED, FAIL_EXPIRED, REQUEUE_EXPIRED]) expect(plan(sql, { now: 0 })).toMatch(/USING (COVERING )?INDEX jobs_leases/);
  });

  it('extends the lease and records progress on heartbeats', () => {
    const job = enqueue();
    queue.claim('w1', 1_000);
    clock += 900;
    expect(queue.heartbeat(job.id, 'w1', 1_000, 0.25)).toBe('ok');
    expect(queue.get(job.id)).toMatchObject({ leaseExpiresAt: clock + 1_000, progress: 0.25 });
    clock += 900;
    expect(queue.claim('w2', 1_000)).toBeUndefined(); // the renewed lease still holds
    expect(queue.heartbeat(job.id, 'w2', 1_000)).toBe('lost');
    expect(catchError(() => queue.heartbeat(job.id, 'w1', 1_000, 1.5))).toMatchObject({ code: 'invalid-argument' });
    expect(catchError(() => queue.heartbeat(job.id, 'w1', 0))).toMatchObject({ code: 'invalid-argument' });
    expect(catchError(() => queue.claim('', 1_000))).toMatchObject({ code: 'invalid-argument' });
  });

  it('hands a job whose lease expired to another worker and refuses the stale worker', () => {
    const job = enqueue();
    queue.claim('w1', 1_000);
    clock += 1_000;
    const taken = queue.claim('w2', 1_000);
    expect(taken).toMatchObject({ id: job.id, attempts: 2, leaseOwner: 'w2' });
    expect(queue.heartbeat(job.id, 'w1', 1_000)).toBe('lost');
    expect(queue.complete(job.id, 'w1', { by: 'w1' })).toBeUndefined();
    expect(queue.fail(job.id, 'w1', new Error('late'), { retryable: true })).toBeUndefined();
    expect(queue.release(job.id, 'w1')).toBeUndefined();
    const done = queue.complete(job.id, 'w2', { by: 'w2' });
    expect(done).toMatchObject({ state: 'succeeded', result: { by: 'w2' }, progress: 1, leaseOwner: null, finishedAt: clock, error: null });
    expect(queue.complete(job.id, 'w2', { by: 'w2 again' })).toBeUndefined();
    expect(queue.get(job.id)?.result).toEqual({ by: 'w2' });
  });

  it('retries retryable failures after an exponential backoff with jitter, then fails for good', () => {
    queue = open({ backoff: { baseMs: 1_000, maxMs: 60_000 }, random: () => 0.5 });
    const job = enqueue({}, { maxAttempts: 3 });
    queue.claim('w1', 10_000);
    const first = queue.fail(job.id, 'w1', new Error('model busy'), { retryable: true });
    expect(first).toMatchObject({ state: 'queued', attempts: 1, runAfter: clock + 750, error: 'model busy', leaseOwner: null });
    clock += 749;
    expect(queue.claim('w1', 10_000)).toBeUndefined();
    clock += 1;
    expect(queue.claim('w1', 10_000)).toMatchObject({ id: job.id, attempts: 2 });
    expect(queue.fail(job.id, 'w1', 'still busy', { retryable: true })).toMatchObject({ state: 'queued', runAfter: clock + 1_500 });
    clock += 1_500;
    queue.claim('w1', 10_000);
    const last = queue.fail(job.id, 'w1', new Error('gave up'), { retryable: true });
    expect(last).toMatchObject({ state: 'failed', attempts: 3, error: 'gave up', finishedAt: clock });
    clock += 1_000_000;
    expect(queue.claim('w1', 10_000)).toBeUndefined();
  });

  it('fails a job at once when the error is not retryable', () => {
    const job = enqueue();
    queue.claim('w1', 10_000);
    expect(queue.fail(job.id, 'w1', new Error('not audio'), { retryable: false })).toMatchObject({ state: 'failed', attempts: 1 });
  });

  it('computes backoff delays within [d/2, d] of the capped exponential', () => {
    const options = { baseMs: 1_000, maxMs: 10_000 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, options, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000]);
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, options, () => 0.999_999))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('recovers expired leases: re-queued ahead of younger jobs, failed on the last attempt', () => {
    const older = enqueue('older');
    const once = enqueue('once', { maxAttempts: 1 });
    queue.claim('crashed', 1_000);
    queue.claim('crashed', 1_000);
    clock += 1;
    const younger = enqueue('younger');
    expect(queue.recoverExpired()).toEqual([]);
    clock += 1_000;
    const recovered = queue.recoverExpired();
    expect(recovered.map((j) => [j.id, j.state])).toEqual(
      expect.arrayContaining([
        [older.id, 'queued'],
        [once.id, 'failed'],
      ]),
    );
    expect(queue.get(once.id)?.error).toMatch(/lease expired.*attempt 1 of 1/);
    expect(queue.claim('w2', 1_000)?.id).toBe(older.id);
    expect(queue.claim('w2', 1_000)?.id).toBe(younger.id);
  });

  it('cancels a queued job at once', () => {
    const job = enqueue();
    const cancelled = queue.cancel(job.id);
    expect(cancelled).toMatchObject({ state: 'cancelled', finishedAt: clock });
    expect(queue.claim('w1', 1_000)).toBeUndefined();
    expect(queue.cancel('no-such-job')).toBeUndefined();
  });

  it('cancels a running job through its next heartbeat', () => {
    const job = enqueue();
    queue.claim('w1', 1_000);
    expect(queue.cancel(job.id)).toMatchObject({ state: 'running', cancelRequested: true });
    expect(queue.heartbeat(job.id, 'w1', 1_000)).toBe('cancelled');
    expect(queue.get(job.id)).toMatchObject({ state: 'cancelled', leaseOwner: null, finishedAt: clock });
    expect(queue.complete(job.id, 'w1', {})).toBeUndefined();
    expect(queue.heartbeat(job.id, 'w1', 1_000)).toBe('lost');
  });

  it('ends a cancelled running job as cancelled, not retried, when its worker fails or gives it back', () => {
    const a = enqueue('a');
    const b = enqueue('b');
    queue.claim('w1', 1_000);
    queue.claim('w2', 1_000);
    queue.cancel(a.id);
    queue.cancel(b.id);
    expect(queue.fail(a.id, 'w1', new Error('aborted'), { retryable: true })?.state).toBe('cancelled');
    expect(queue.release(b.id, 'w2')?.state).toBe('cancelled');
  });

  it('cancels a running job whose worker is gone without waiting for a heartbeat', () => {
    const flagged = enqueue('flagged');
    const stale = enqueue('stale');
    queue.claim('w1', 1_000);
    queue.claim('w1', 1_000);
    queue.cancel(flagged.id);
    clock += 1_000;
    expect(queue.cancel(stale.id)?.state).toBe('cancelled');
    expect(queue.recoverExpired().map((j) => [j.id, j.state])).toEqual([[flagged.id, 'cancelled']]);
  });

  it('leaves finished jobs alone when cancelled', () => {
    const job = enqueue();
    queue.claim('w1', 1_000);
    queue.complete(job.id, 'w1', 42);
    const seen: Job[] = [];
    queue.onDidChangeJob((j) => seen.push(j));
    expect(queue.cancel(job.id)).toMatchObject({ state: 'succeeded', result: 42 });
    expect(seen).toEqual([]);
  });

  it('gives a job back on release without counting the attempt', () => {
    const job = enqueue();
    clock += 1;
    const younger = enqueue('younger');
    queue.claim('w1', 1_000);
    expect(queue.release(job.id, 'w1')).toMatchObject({ state: 'queued', attempts: 0, leaseOwner: null });
    expect(queue.claim('w2', 1_000)).toMatchObject({ id: job.id, attempts: 1 });
    expect(queue.claim('w3', 1_000)?.id).toBe(younger.id);
  });

  it('lists jobs newest first with filters and stable cursors', () => {
    const other = t.addProject('Other');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(queue.enqueue({ projectId: i % 2 === 0 ? projectId : other, kind: 'transcribe', payload: i }).id);
    }
    queue.claim('w1', 1_000); // ids[0] runs
    const first = queue.list({ limit: 2 });
    expect(first.jobs.map((j) => j.id)).toEqual([ids[4], ids[3]]);
    enqueue('added meanwhile');
    const second = queue.list({ limit: 2, cursor: first.nextCursor });
    expect(second.jobs.map((j) => j.id)).toEqual([ids[2], ids[1]]);
    const third = queue.list({ limit: 2, cursor: second.nextCursor });
    expect(third.jobs.map((j) => j.id)).toEqual([ids[0]]);
    expect(third.nextCursor).toBeUndefined();
    expect(queue.list({ projectId: other }).jobs.map((j) => j.id)).toEqual([ids[3], ids[1]]);
    expect(queue.list({ projectId, state: 'running' }).jobs.map((j) => j.id)).toEqual([ids[0]]);
    expect(catchError(() => queue.list({ cursor: 'abc' }))).toMatchObject({ code: 'invalid-cursor' });
    expect(catchError(() => queue.list({ limit: 0 }))).toMatchObject({ code: 'invalid-argument' });
    expect(catchError(() => queue.list({ state: 'done' as never }))).toMatchObject({ code: 'invalid-argument' });
  });

  it('counts jobs per state', () => {
    const [a, , , d] = [enqueue(), enqueue(), enqueue(), enqueue()];
    queue.claim('w1', 1_000);
    queue.claim('w1', 1_000);
    queue.complete(a!.id, 'w1', null);
    queue.cancel(d!.id);
    expect(queue.depth()).toEqual({ queued: 1, running: 1, succeeded: 1, failed: 0, cancelled: 1 });
  });

  it('reports every change to listeners until disposed, whatever a listener throws', () => {
    const errors: unknown[] = [];
    queue = open({ onListenerError: (e) => errors.push(e) });
    const seen: string[] = [];
    queue.onDidChangeJob(() => {
      throw new Error('faulty listener');
    });
    const subscription = queue.onDidChangeJob((j) => seen.push(`${j.state}:${j.progress}`));
    const job = enqueue();
    queue.claim('w1', 1_000);
    queue.heartbeat(job.id, 'w1', 1_000); // lease only: nothing to report
    queue.heartbeat(job.id, 'w1', 1_000, 0.5);
    queue.complete(job.id, 'w1', null);
    expect(seen).toEqual(['queued:0', 'running:0', 'running:0.5', 'succeeded:1']);
    expect(errors).toHaveLength(4);
    subscription.dispose();
    enqueue();
    expect(seen).toHaveLength(4);
  });

  it('deletes a project\u2019s jobs with the project', () => {
    const job = enqueue();
    t.db.prepare('DELETE FROM projects WHERE id = ?').run(projectId);
    expect(queue.get(job.id)).toBeUndefined();
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
