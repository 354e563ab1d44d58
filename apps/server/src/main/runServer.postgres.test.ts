// The server on PostgreSQL (the test run's private cluster): unreachable at start, lost mid-run, and two servers
// starting on one fresh database at once.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { testPostgresDatabase } from '../../test/postgres/testPostgresDatabase.ts';
import { writeTestBundle } from '../../test/testServer.ts';
import { EXIT_DATABASE, EXIT_OK, LOCAL_MEDIA_NOTICE, runServer, type ServerProcess } from './runServer.ts';
import { startServerChild, type ServerChild } from './serverProcess.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-run-pg-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function processWith(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const exits: number[] = [];
  const proc: ServerProcess = {
    argv,
    env: { VERBATIM_LOG_LEVEL: 'silent' },
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    onSignal: () => {},
    exit: (code) => void exits.push(code),
  };
  return { proc, out, err, exits };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

/** The test database's URL with a password added (the cluster trusts loopback, so any password signs in). */
function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}

it('says in one line that the database cannot be reached, without its password, and exits 4', async () => {
  const port = await closedPort();
  const run = processWith(['--port', '0', '--data-dir', join(dir, 'data'), '--model-dir', writeTestBundle(join(dir, 'model')), '--database', `postgres://verbatim:hunter2@127.0.0.1:${port}/verbatim`]);
  expect(await runServer(run.proc)).toBeUndefined();
  expect(run.exits).toEqual([EXIT_DATABASE]);
  expect(run.err).toHaveLength(1);
  expect(run.err[0]).toMatch(new RegExp(`^verbatim: cannot reach the database at postgres://verbatim@127\\.0\\.0\\.1:${port}/verbatim: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`));
  expect(run.err[0]).not.toContain('hunter2');
  expect(run.out).toEqual([]);
});

it('answers 503 database-unavailable while its connection is gone, stays up, and serves again once it is back', async () => {
  const url = withPassword(await testPostgresDatabase(), 'hunter2');
  const run = processWith(['--port', '0', '--data-dir', join(dir, 'data'), '--model-dir', writeTestBundle(join(dir, 'model')), '--database', url, '--workers', '0']);
  const server = await runServer(run.proc);
  expect(server, run.err.join('\n')).toBeDefined();
  expect(run.out).toContain(`  The database is PostgreSQL at ${url.replace(':hunter2', '')}.`);
  expect(run.out).toContain('  No transcription here (--workers 0): `verbatim-server worker` processes run the jobs.');
  expect(run.out).toContain(LOCAL_MEDIA_NOTICE(join(dir, 'data', 'media')));
  expect(run.out.join('\n')).not.toContain('hunter2');
  try {
    const login = () => fetch(`${server!.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@example.org', password: 'not a password at all' }) });
    expect((await login()).status).toBe(401);
    // the server's own connections, as a database restart or a failover would end them
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const ended = await admin.query("SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'verbatim' AND pid <> pg_backend_pid()");
      expect(ended.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    const lost = await login();
    expect(lost.status).toBe(503);
    expect(lost.headers.get('retry-after')).toBe('5');
    const body = (await lost.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('database-unavailable');
    expect(JSON.stringify(body)).not.toContain('hunter2');
    // the handle connects again at its next call
    expect((await login()).status).toBe(401);
    expect((await fetch(`${server!.url}/readyz`)).status).toBe(200);
  } finally {
    await server!.close();
  }
});

it('starts two servers on one fresh database at once: one migrates while the other waits, and one first administrator is made', async () => {
  const url = await testPostgresDatabase();
  const bundle = writeTestBundle(join(dir, 'model'));
  const args = (name: string) => ['--port', '0', '--data-dir', join(dir, name), '--model-dir', bundle, '--database', url, '--media-dir', join(dir, 'media'), '--workers', '0'];
  mkdirSync(join(dir, 'media'));
  const started = await Promise.allSettled([startServerChild(args('one')), startServerChild(args('two'))]);
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  try {
    expect(started.map((result) => (result.status === 'rejected' ? String(result.reason) : 'started'))).toEqual(['started', 'started']);
    for (const server of servers) expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(servers.filter((server) => /email: +admin@/.test(server.stdout()))).toHaveLength(1);
  } finally {
    await Promise.all(servers.map(async (server: ServerChild) => {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(EXIT_OK);
    }));
  }
}, 180_000);
