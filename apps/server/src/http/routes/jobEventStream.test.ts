import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/queueTestDatabase.ts';
import { JobQueue } from '../../queue/JobQueue.ts';
import { streamJobEvents } from './jobEventStream.ts';

describe('streamJobEvents', () => {
  let t: TestDatabase;
  let queue: JobQueue;
  let app: Hono;

  beforeEach(() => {
    t = createTestDatabase();
    queue = new JobQueue(t.db);
    app = new Hono();
    app.get('/jobs/:id/events', (c) => streamSSE(c, (stream) => streamJobEvents(stream, queue, c.req.param('id'), c.req.raw.signal)));
  });
  afterEach(() => {
    vi.useRealTimers();
    queue.dispose();
    t.dispose();
  });

  const enqueue = () => queue.enqueue({ projectId: t.addProject(), kind: 'transcribe', payload: { mediaId: 'm1' } });

  async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, text: string, seen = { all: '' }): Promise<string> {
    const decoder = new TextDecoder();
    while (!seen.all.includes(text)) {
      const { done, value } = await reader.read();
      if (done) throw new Error(`the stream ended before "${text}": ${seen.all}`);
      seen.all += decoder.decode(value, { stream: true });
    }
    return seen.all;
  }

  it('sends the job now and on every change as "event: job", and ends after the job finishes', async () => {
    const job = enqueue();
    const response = await app.request(`/jobs/${job.id}/events`);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const seen = { all: '' };
    await readUntil(reader, '"state":"queued"', seen);
    queue.cancel(job.id);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen.all += new TextDecoder().decode(value);
    }
    const messages = seen.all.split('\n\n').filter(Boolean);
    expect(messages.map((m) => (JSON.parse(m.slice(m.indexOf('data: ') + 6)) as { state: string }).state)).toEqual(['queued', 'cancelled']);
    expect(messages.every((m) => m.startsWith('event: job\ndata: {'))).toBe(true);
  });

  it('ends at once for a job that is gone, and for a finished one after its last state', async () => {
    expect(await (await app.request('/jobs/no-such-job/events')).text()).toBe('');
    const job = enqueue();
    queue.cancel(job.id);
    const text = await (await app.request(`/jobs/${job.id}/events`)).text();
    expect(text).toMatch(/^event: job\ndata: \{.*"state":"cancelled".*\}\n\n$/);
  });

  it('ends when the client goes away, before the job finishes', async () => {
    const job = enqueue();
    const controller = new AbortController();
    const response = await app.request(`/jobs/${job.id}/events`, { signal: controller.signal });
    const reader = response.body!.getReader();
    await readUntil(reader, '"state":"queued"');
    controller.abort();
    // the stream closes; later changes go nowhere
    for (;;) if ((await reader.read()).done) break;
    queue.cancel(job.id);
  });

  it('sends a keep-alive comment every 15 s while the job is quiet', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const job = enqueue();
    const response = await app.request(`/jobs/${job.id}/events`);
    const reader = response.body!.getReader();
    const seen = { all: '' };
    await readUntil(reader, '"state":"queued"', seen);
    vi.advanceTimersByTime(15_000);
    await readUntil(reader, ': keep-alive\n\n', seen);
    vi.advanceTimersByTime(15_000);
    await readUntil(reader, ': keep-alive\n\n: keep-alive\n\n', seen);
    queue.cancel(job.id);
    await readUntil(reader, '"state":"cancelled"', seen);
  });
});
