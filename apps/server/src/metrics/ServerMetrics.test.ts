import { describe, expect, it } from 'vitest';
import type { Job, JobState } from '../queue/Job.ts';
import { ServerMetrics } from './ServerMetrics.ts';

const depth: Record<JobState, number> = { queued: 3, running: 1, succeeded: 7, failed: 2, cancelled: 0 };

function job(state: JobState, startedAt: number | null, finishedAt: number | null): Job {
  return {
    id: 'j1', projectId: 'p1', kind: 'transcribe', payload: { mediaId: 'm1' }, state, attempts: 1, maxAttempts: 3, runAfter: 0,
    leaseOwner: null, leaseExpiresAt: null, cancelRequested: false, progress: 1, error: null, result: null,
    createdAt: 0, updatedAt: 0, startedAt, finishedAt,
  };
}

describe('ServerMetrics', () => {
  it('reads the queue depth per state at scrape time', async () => {
    const counts = { ...depth };
    const metrics = new ServerMetrics({ queueDepth: () => counts });
    expect(await metrics.render()).toContain('verbatim_queue_jobs{state="queued"} 3');
    counts.queued = 5;
    const text = await metrics.render();
    expect(text).toContain('verbatim_queue_jobs{state="queued"} 5');
    expect(text).toContain('verbatim_queue_jobs{state="failed"} 2');
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('records durations, failures and the real-time factor of finished jobs only', async () => {
    const metrics = new ServerMetrics({ queueDepth: () => depth });
    metrics.observeFinishedJob(job('succeeded', 1000, 3000), 10);
    metrics.observeFinishedJob(job('failed', 1000, 1500), 10);
    metrics.observeFinishedJob(job('running', 1000, null), 10);
    metrics.observeFinishedJob(job('succeeded', 1000, 2000));
    const text = await metrics.render();
    expect(text).toContain('verbatim_job_duration_seconds_count{outcome="succeeded"} 2');
    expect(text).toContain('verbatim_job_duration_seconds_sum{outcome="succeeded"} 3');
    expect(text).toContain('verbatim_job_duration_seconds_count{outcome="failed"} 1');
    expect(text).toContain('verbatim_job_failures_total 1');
    // 2 s of work for 10 s of audio; the job of unknown length has no factor
    expect(text).toContain('verbatim_job_real_time_factor_count 1');
    expect(text).toContain('verbatim_job_real_time_factor_sum 0.2');
  });

  it('keeps HTTP latency by method, route pattern and status', async () => {
    const metrics = new ServerMetrics({ queueDepth: () => depth });
    metrics.observeHttpRequest({ method: 'GET', route: '/api/jobs/:id', status: 404, seconds: 0.003 });
    expect(await metrics.render()).toContain('verbatim_http_request_duration_seconds_count{method="GET",route="/api/jobs/:id",status="404"} 1');
  });

  it('gives every instance its own registry', async () => {
    const a = new ServerMetrics({ queueDepth: () => depth, processMetrics: true });
    const b = new ServerMetrics({ queueDepth: () => depth, processMetrics: true });
    a.observeHttpRequest({ method: 'GET', route: '/healthz', status: 200, seconds: 0.001 });
    expect(await a.render()).toContain('route="/healthz"');
    expect(await b.render()).not.toContain('route="/healthz"');
    expect(await a.render()).toContain('verbatim_process_resident_memory_bytes');
  });
});
