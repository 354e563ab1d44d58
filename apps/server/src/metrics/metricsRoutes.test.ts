// /metrics on a real server: what it exposes after real requests, and who may read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestServer, type TestServer, type TestUser } from '../../test/testServer.ts';
import { isLoopback } from './metricsRoutes.ts';

let server: TestServer;
let admin: TestUser;
let member: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('root', { isAdmin: true });
  member = await server.createUser('member');
});

afterAll(async () => {
  await server?.close();
});

const proxied = { 'x-forwarded-for': '203.0.113.9' };

describe('GET /metrics', () => {
  it('serves Prometheus text to a loopback caller, with queue depth and HTTP latency by route pattern', async () => {
    expect((await server.fetch('/healthz')).status).toBe(200);
    expect((await server.fetch(`/api/jobs/${crypto.randomUUID()}`, { headers: bearer(member.token) })).status).toBe(404);
    expect((await server.fetch('/no/such/page')).status).toBe(404);
    const response = await server.fetch('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('verbatim_queue_jobs{state="queued"} 0');
    expect(text).toContain('verbatim_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 1');
    expect(text).toContain('verbatim_http_request_duration_seconds_count{method="GET",route="/api/jobs/:id",status="404"} 1');
    expect(text).toContain('route="(unmatched)",status="404"');
    expect(text).not.toContain('/no/such/page');
    expect(text).toContain('# TYPE verbatim_job_failures_total counter');
  });

  it('refuses a proxied caller unless an administrator asks', async () => {
    const anonymous = await server.fetch('/metrics', { headers: proxied });
    expect(anonymous.status).toBe(403);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await server.fetch('/metrics', { headers: { ...proxied, ...bearer(member.token) } })).status).toBe(403);
    const byAdmin = await server.fetch('/metrics', { headers: { ...proxied, ...bearer(admin.token) } });
    expect(byAdmin.status).toBe(200);
    expect(await byAdmin.text()).toContain('verbatim_queue_jobs');
  });

  it('is listed in the OpenAPI document', async () => {
    const document = (await (await server.fetch('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(document.paths).toHaveProperty('/metrics');
  });
});

describe('isLoopback', () => {
  it('knows loopback addresses from others', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(address)).toBe(true);
    for (const address of ['10.0.0.1', '::ffff:10.0.0.1', '::', '1127.0.0.1', 'localhost', undefined]) expect(isLoopback(address)).toBe(false);
  });
});
