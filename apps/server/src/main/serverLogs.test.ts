// The server's logs as an operator reads them: pino JSON lines, one per request, carrying the request id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServerConfig } from '../config/ServerConfig.ts';
import { pinoLogger } from '../http/Logger.ts';
import { startServer, type RunningServer } from '../http/startServer.ts';
import { writeTestBundle } from '../../test/testServer.ts';

let dir: string;
let server: RunningServer;
const lines: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-logs-'));
  const config: ServerConfig = {
    port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), modelDir: writeTestBundle(join(dir, 'model')), webDir: join(dir, 'web'),
    workers: 1, uploadLimitBytes: 1024 ** 2, publicUrl: undefined, secureCookies: false,
    pluginDirs: [], plugins: [], pluginErrors: 'skip', pluginTimeoutMs: 5000, pluginMemoryMb: 256,
  };
  const logger = pinoLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  server = await startServer(config, { logger, print: () => {}, closeGraceMs: 2000 });
});

afterAll(async () => {
  await server?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

function records(): Record<string, unknown>[] {
  return lines.flatMap((chunk) => chunk.split('\n')).filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}

it('writes one JSON line per request with its id, method, path and status', async () => {
  const response = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'probe-42' } });
  expect(response.headers.get('x-request-id')).toBe('probe-42');
  const record = records().find((r) => r['msg'] === 'request' && r['requestId'] === 'probe-42');
  expect(record).toMatchObject({ level: 30, method: 'GET', path: '/healthz', status: 200 });
  expect(typeof record!['time']).toBe('number');
});

it('logs start-up with the address, and gives unnamed requests a fresh id', async () => {
  expect(records().find((r) => r['msg'] === 'listening')).toMatchObject({ url: server.url });
  const response = await fetch(`${server.url}/api/me`);
  expect(response.status).toBe(401);
  const id = response.headers.get('x-request-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(records().find((r) => r['msg'] === 'request' && r['requestId'] === id)).toMatchObject({ status: 401, path: '/api/me' });
});

it('writes nothing below its level', () => {
  const quiet: string[] = [];
  const logger = pinoLogger({ level: 'warn', destination: { write: (line: string) => void quiet.push(line) } });
  logger.info({ a: 1 }, 'hidden');
  logger.error({ err: new Error('disk full') }, 'shown');
  expect(quiet).toHaveLength(1);
  expect(JSON.parse(quiet[0]!)).toMatchObject({ level: 50, msg: 'shown', err: { type: 'Error', message: 'disk full' } });
});
