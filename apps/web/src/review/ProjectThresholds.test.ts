import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../platform/ApiClient.ts';
import { ProjectThresholds } from './ProjectThresholds.ts';

// a real HTTP server standing in for the project endpoint: it records what it is sent, keeps the thresholds it is
// sent, and answers a project's GET with its threshold (a `slow-` project's only once the test calls `answerSlow`)
const received: Array<{ method: string; url: string; body: unknown }> = [];
const stored = new Map<string, number>();
const held: Array<() => void> = [];
let heldArrived: (() => void) | undefined;
/** Resolves once a `slow-` GET is being held. */
const slowArrived = () => new Promise<void>((resolve) => (held.length > 0 ? resolve() : (heldArrived = resolve)));
const answerSlow = () => held.splice(0).forEach((answer) => answer());
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, body: body ? JSON.parse(body) : undefined });
      const id = req.url!.split('/').pop()!;
      if (req.url === '/api/projects/locked') {
        res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'insufficient-role', message: 'Your role is viewer' } }));
      } else if (req.method === 'GET') {
        const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, reviewThreshold: stored.get(id) }));
        if (id.startsWith('slow-')) {
          held.push(answer);
          heldArrived?.();
        } else answer();
      } else {
        const threshold = (JSON.parse(body || '{}') as { reviewThreshold?: number }).reviewThreshold;
        if (threshold !== undefined) stored.set(id, threshold);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// the debounce and the refresh interval run on fake timers; the HTTP exchange is real, so what the server receives is
// awaited (expect.poll also moves the fake clock on, so it is not used where an extra refresh would matter)
const SAVE_DELAY_MS = 400;
beforeEach(() => {
  received.length = 0;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Every request the server has received once a marker request, sent after them, has come back. */
async function receivedSoFar(): Promise<typeof received> {
  await fetch(`${base}/api/projects/marker`);
  return received.filter((r) => r.url !== '/api/projects/marker');
}

/** Resolves on the next change of any project's threshold. */
function nextChange(thresholds: ProjectThresholds): Promise<void> {
  return new Promise((resolve) => {
    const listening = thresholds.onDidChange(() => {
      listening.dispose();
      resolve();
    });
  });
}

describe('ProjectThresholds', () => {
  it('starts at the project value (0.6 by default) and keeps a value the user already moved', () => {
    const thresholds = new ProjectThresholds(new ApiClient(base));
    expect(thresholds.get('p0')).toBe(0.6);
    thresholds.seed('p0', 0.45);
    expect(thresholds.get('p0')).toBe(0.45);
    thresholds.set('p0', 0.7, false);
    thresholds.seed('p0', 0.2);
    expect(thresholds.get('p0')).toBe(0.7);
    thresholds.seed('p9', 7);
    expect(thresholds.get('p9')).toBe(0.6);
    thresholds.dispose();
  });

  it('shows every move at once and saves the last one with one PATCH once the slider stops', async () => {
    const thresholds = new ProjectThresholds(new ApiClient(base));
    const seen: number[] = [];
    thresholds.onDidChange((id) => seen.push(thresholds.get(id)));
    thresholds.set('p1', 0.5, true);
    thresholds.set('p1', 0.523, true);
    thresholds.set('p1', 0.55, true);
    expect(seen).toEqual([0.5, 0.52, 0.55]);
    vi.advanceTimersByTime(SAVE_DELAY_MS - 1);
    expect(await receivedSoFar()).toEqual([]);
    vi.advanceTimersByTime(1);
    const patch = { method: 'PATCH', url: '/api/projects/p1', body: { reviewThreshold: 0.55 } };
    await expect.poll(() => received).toContainEqual(patch);
    thresholds.set('p1', 0.3, false);
    vi.advanceTimersByTime(10 * SAVE_DELAY_MS);
    expect(await receivedSoFar()).toEqual([patch]);
    thresholds.dispose();
  });

  it('reports a refused save', async () => {
    const errors: string[] = [];
    const thresholds = new ProjectThresholds(new ApiClient(base), (message) => errors.push(message));
    thresholds.set('locked', 0.9, true);
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    await expect.poll(() => errors).toHaveLength(1);
    expect(errors).toEqual(['The review threshold could not be saved: Your role is viewer']);
    thresholds.dispose();
  });

  it('while a project is watched, takes a threshold saved elsewhere: at once, now and then, and when the window gets the focus', async () => {
    stored.set('p2', 0.4);
    const target = new EventTarget();
    const thresholds = new ProjectThresholds(new ApiClient(base), () => {}, { refreshMs: 100, target: target as never });
    thresholds.seed('p2', 0.9);
    let changed = nextChange(thresholds);
    const watching = thresholds.watch('p2');
    await changed;
    expect(thresholds.get('p2')).toBe(0.4);
    stored.set('p2', 0.55);
    changed = nextChange(thresholds);
    vi.advanceTimersByTime(100);
    await changed;
    expect(thresholds.get('p2')).toBe(0.55);
    watching.dispose();
    stored.set('p2', 0.7);
    received.length = 0;
    vi.advanceTimersByTime(1000);
    expect(await receivedSoFar()).toEqual([]);
    expect(thresholds.get('p2')).toBe(0.55);
    thresholds.dispose();

    const focused = new ProjectThresholds(new ApiClient(base), () => {}, { refreshMs: 60_000, target: target as never });
    changed = nextChange(focused);
    const held = focused.watch('p2');
    await changed;
    expect(focused.get('p2')).toBe(0.7);
    stored.set('p2', 0.33);
    changed = nextChange(focused);
    target.dispatchEvent(new Event('focus'));
    await changed;
    expect(focused.get('p2')).toBe(0.33);
    held.dispose();
    focused.dispose();
  });

  it('never lets a read replace a change of its own that is not saved yet, nor one made while the read was on its way', async () => {
    stored.set('slow-p3', 0.8);
    const thresholds = new ProjectThresholds(new ApiClient(base), () => {}, { refreshMs: 60_000, target: new EventTarget() as never });
    const reading = thresholds.refresh('slow-p3');
    await slowArrived();
    thresholds.set('slow-p3', 0.25, true);
    answerSlow();
    await reading;
    expect(thresholds.get('slow-p3')).toBe(0.25);
    // not saved yet: a read does not even go out
    await thresholds.refresh('slow-p3');
    expect(thresholds.get('slow-p3')).toBe(0.25);
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    await expect.poll(() => stored.get('slow-p3')).toBe(0.25);
    const afterSave = thresholds.refresh('slow-p3');
    await slowArrived();
    answerSlow();
    await afterSave;
    expect(thresholds.get('slow-p3')).toBe(0.25);
    thresholds.dispose();
  });
});
