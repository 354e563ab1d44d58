import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/ConfigError.ts';
import type { ServerConfig } from '../config/ServerConfig.ts';
import { silentLogger } from './Logger.ts';
import { startServer, type RunningServer } from './startServer.ts';
import { writeTestBundle } from '../../test/testServer.ts';

let dir: string;
let config: ServerConfig;
const running: RunningServer[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-start-'));
  config = {
    port: 0,
    host: '127.0.0.1',
    dataDir: join(dir, 'data'),
    modelDir: writeTestBundle(join(dir, 'model')),
    webDir: join(dir, 'web'),
    workers: 1,
    uploadLimitBytes: 1024 ** 3,
    publicUrl: undefined,
    secureCookies: false,
    pluginDirs: [],
    plugins: [],
    pluginErrors: 'skip',
    pluginTimeoutMs: 5000,
    pluginMemoryMb: 256,
  };
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(overrides: Partial<ServerConfig> = {}, printed: string[] = []): Promise<RunningServer> {
  const server = await startServer({ ...config, ...overrides }, { logger: silentLogger, print: (text) => void printed.push(text), closeGraceMs: 2000 });
  running.push(server);
  return server;
}

describe('startServer', () => {
  it('creates the first administrator on an empty database and prints its credentials once', async () => {
    const printed: string[] = [];
    const first = await start({}, printed);
    expect(printed).toHaveLength(1);
    const email = /email: +(\S+)/.exec(printed[0]!)?.[1];
    const password = /password: +(\S+)/.exec(printed[0]!)?.[1];
    expect(email).toBe('admin@localhost');
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const login = await fetch(`${first.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    expect(await login.json()).toMatchObject({ user: { email: 'admin@localhost', isAdmin: true, mustChangePassword: true } });

    await first.close();
    const again: string[] = [];
    await start({}, again);
    expect(again).toEqual([]);
  });

  it('listens on a free port when asked for port 0 and answers /healthz', async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('reports readiness from the database and the model bundle', async () => {
    const ready = await start();
    const response = await fetch(`${ready.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: { database: { ok: true, message: 'answers' }, model: { ok: true, message: 'test-model 0.0.1' } },
    });

    const missing = join(dir, 'no-model');
    const notReady = await start({ modelDir: missing, dataDir: join(dir, 'data2') });
    const refused = await fetch(`${notReady.url}/readyz`);
    expect(refused.status).toBe(503);
    const body = (await refused.json()) as { status: string; checks: { database: { ok: boolean }; model: { ok: boolean; message: string } } };
    expect(body.status).toBe('not-ready');
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.model).toEqual({
      ok: false,
      message: `No model bundle: ${join(missing, 'model.json')} cannot be read. Set --model-dir or VERBATIM_MODEL_DIR to a bundle directory.`,
    });
    // the liveness probe does not depend on the model
    expect((await fetch(`${notReady.url}/healthz`)).status).toBe(200);
  });

  it('is not ready when model.json is unusable or its model file is missing', async () => {
    const broken = writeTestBundle(join(dir, 'broken'));
    writeFileSync(join(broken, 'model.json'), JSON.stringify({ id: 'x' }));
    const server = await start({ modelDir: broken });
    const body = (await (await fetch(`${server.url}/readyz`)).json()) as { checks: { model: { ok: boolean; message: string } } };
    expect(body.checks.model.ok).toBe(false);
    expect(body.checks.model.message).toMatch(/^The model bundle's model.json is not usable: model.json: /);

    rmSync(join(config.modelDir, 'model.onnx'));
    const noOnnx = await start({ dataDir: join(dir, 'data2') });
    const noOnnxBody = (await (await fetch(`${noOnnx.url}/readyz`)).json()) as { checks: { model: { message: string } } };
    expect(noOnnxBody.checks.model.message).toBe(`model.json names model.onnx, which is missing from ${config.modelDir}.`);
  });

  it('refuses a port that is taken, naming it', async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    const attempt = startServer({ ...config, port, dataDir: join(dir, 'other') }, { logger: silentLogger, print: () => {} });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toMatchObject({
      code: 'invalid-port',
      message: `Cannot listen on 127.0.0.1:${port}: the port is in use. Choose another with --port.`,
    });
  });

  it('refuses a data directory that cannot be created', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a directory');
    const attempt = startServer({ ...config, dataDir: join(file, 'data') }, { logger: silentLogger, print: () => {} });
    await expect(attempt).rejects.toMatchObject({ code: 'invalid-data-dir', message: expect.stringContaining(`Cannot create the data directory ${join(file, 'data')}`) });
  });

  it('closes gracefully: idle keep-alive connections do not hold it open, and the port is released', async () => {
    const server = await start();
    // leaves a kept-alive connection behind
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await server.close();
    await server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('lets a request in flight finish before closing', async () => {
    const server = await start();
    const { hostname, port } = new URL(server.url);
    let closed: Promise<void> | undefined;
    // "Expect: 100-continue" makes the server confirm it holds the request before the body is sent; close() comes in between
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { hostname, port, path: '/api/auth/login', method: 'POST', headers: { 'content-type': 'application/json', expect: '100-continue' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.on('continue', () => {
        closed = server.close();
        req.end(JSON.stringify({ email: 'nobody@example.org', password: 'wrong password' }));
      });
      req.flushHeaders();
    });
    expect(status).toBe(401);
    expect(closed).toBeDefined();
    await closed;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
