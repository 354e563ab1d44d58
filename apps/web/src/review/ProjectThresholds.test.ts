import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../platform/ApiClient.ts';
import { ProjectThresholds } from './ProjectThresholds.ts';

// a real HTTP server standing in for the project endpoint: it records what it is sent, keeps the thresholds it is
// sent, and answers a project's GET with its threshold (a `slow-` project after 300 ms)
const received: Array<{ method: string; url: string; body: unknown }> = [];
const stored = new Map<string, number>();
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
        if (id.startsWith('slow-')) setTimeout(answer, 300);
        else answer();
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

const settle = () => new Promise((resolve) => setTimeout(resolve, 600));

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
    received.length = 0;
    const thresholds = new ProjectThresholds(new ApiClient(base));
    const seen: number[] = [];
    thresholds.onDidChange((id) => seen.push(thresholds.get(id)));
    thresholds.set('p1', 0.5, true);
    thresholds.set('p1', 0.523, true);
    thresholds.set('p1', 0.55, true);
    expect(seen).toEqual([0.5, 0.52, 0.55]);
    await settle();
    expect(received).toEqual([{ method: 'PATCH', url: '/api/projects/p1', body: { reviewThreshold: 0.55 } }]);
    thresholds.set('p1', 0.3, false);
    await settle();
    expect(received).toHaveLength(1);
    thresholds.dispose();
  });

  it('reports a refused save', async () => {
    const errors: string[] = [];
    const thresholds = new ProjectThresholds(new ApiClient(base), (message) => errors.push(message));
    thresholds.set('locked', 0.9, true);
    await settle();
    expect(errors).toEqual(['The review threshold could not be saved: Your role is viewer']);
    thresholds.dispose();
  });

  it('while a project is watched, takes a threshold saved elsewhere: at once, now and then, and when the window gets the focus', async () => {
    stored.set('p2', 0.4);
    const target = new EventTarget();
    const thresholds = new ProjectThresholds(new ApiClient(base), () => {}, { refreshMs: 100, target: target as never });
    thresholds.seed('p2', 0.9);
    const watching = thresholds.watch('p2');
    await expect.poll(() => thresholds.get('p2')).toBe(0.4);
    stored.set('p2', 0.55);
    await expect.poll(() => thresholds.get('p2')).toBe(0.55);
    watching.dispose();
    stored.set('p2', 0.7);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(thresholds.get('p2')).toBe(0.55);
    thresholds.dispose();

    const focused = new ProjectThresholds(new ApiClient(base), () => {}, { refreshMs: 60_000, target: target as never });
    const held = focused.watch('p2');
    await expect.poll(() => focused.get('p2')).toBe(0.7);
    stored.set('p2', 0.33);
    target.dispatchEvent(new Event('focus'));
    await expect.poll(() => focused.get('p2')).toBe(0.33);
    held.dispose();
    focused.dispose();
  });

  it('never lets a read replace a change of its own that is not saved yet, nor one made while the read was on its way', async () => {
    stored.set('slow-p3', 0.8);
    const thresholds = new ProjectThresholds(new ApiClient(base), () => {}, { refreshMs: 60_000, target: new EventTarget() as never });
    const reading = thresholds.refresh('slow-p3');
    thresholds.set('slow-p3', 0.25, true);
    await reading;
    expect(thresholds.get('slow-p3')).toBe(0.25);
    await thresholds.refresh('slow-p3');
    expect(thresholds.get('slow-p3')).toBe(0.25);
    await settle();
    expect(stored.get('slow-p3')).toBe(0.25);
    await thresholds.refresh('slow-p3');
    expect(thresholds.get('slow-p3')).toBe(0.25);
    thresholds.dispose();
  });
});
