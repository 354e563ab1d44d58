import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVER_SETTINGS } from '../config/loadConfig.ts';
import { startTestServer } from '../../test/testServer.ts';
import { testPostgresDatabase } from '../../test/postgres/testPostgresDatabase.ts';
import { AccountStore } from '../auth/AccountStore.ts';
import { openSqlDatabase } from '../db/openSqlDatabase.ts';
import { EXIT_NO_ACCOUNT } from './runAdmin.ts';
import { runCommand } from './runCommand.ts';
import { EXIT_CONFIG, EXIT_DATABASE, EXIT_FAILED, EXIT_OK, type ServerProcess } from './runServer.ts';
import { FLAG_HELP } from './serverHelp.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-admin-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const exits: number[] = [];
  const proc: ServerProcess = {
    argv,
    env,
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    onSignal: () => {},
    exit: (code) => void exits.push(code),
  };
  return { proc, out, err, exits, done: () => runCommand(proc) };
}

describe('verbatim-server --help', () => {
  it('lists the commands and every flag with its environment variable, and exits 0', async () => {
    const help = run(['--help']);
    expect(await help.done()).toBeUndefined();
    expect(help.exits).toEqual([EXIT_OK]);
    const text = help.out.join('\n');
    expect(text).toContain('verbatim-server admin reset-password <email>');
    for (const setting of SERVER_SETTINGS) {
      expect(text).toContain(`--${setting.flag} <value>`);
      expect(text).toContain(setting.env);
      expect(FLAG_HELP[setting.flag], setting.flag).toBeTruthy();
    }
  });
});

describe('verbatim-server admin reset-password', () => {
  it('works while the server runs: prints a one-time password once, and the old password and sessions stop', async () => {
    const server = await startTestServer();
    try {
      const kim = await server.createUser('kim');
      const session = await server.login(kim.user.email, kim.password);
      const reset = run(['admin', 'reset-password', 'KIM@example.org', '--data-dir', server.config.dataDir]);
      await reset.done();
      expect(reset.err).toEqual([]);
      expect(reset.exits).toEqual([EXIT_OK]);
      const password = /^ {2}(\S{24})$/m.exec(reset.out.join('\n'))?.[1];
      expect(password).toBeDefined();
      expect((await server.fetch('/api/me', { headers: { cookie: session.cookie } })).status).toBe(401);
      expect((await server.fetch('/api/me', { headers: { authorization: `Bearer ${kim.token}` } })).status).toBe(401);
      await expect(server.login(kim.user.email, kim.password)).rejects.toThrow(/401/);
      const fresh = await server.login(kim.user.email, password!);
      const me = (await (await server.fetch('/api/me', { headers: { cookie: fresh.cookie } })).json()) as { user: { mustChangePassword: boolean } };
      expect(me.user.mustChangePassword).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('works on a stopped server\'s data directory from VERBATIM_DATA_DIR', async () => {
    const server = await startTestServer();
    const dataDir = server.config.dataDir;
    const ada = await server.createUser('ada');
    // close() removes the test server's directory: a copy of its data, taken before, is what a stopped server leaves
    const copy = join(dir, 'data');
    server.db.pragma('wal_checkpoint(TRUNCATE)');
    cpSync(dataDir, copy, { recursive: true });
    await server.close();
    const reset = run(['admin', 'reset-password', ada.user.email], { VERBATIM_DATA_DIR: copy });
    await reset.done();
    expect(reset.exits).toEqual([EXIT_OK]);
    expect(reset.out.join('\n')).toMatch(/New one-time password for ada@example.org/);
  });

  it('works on a PostgreSQL database (--database or VERBATIM_DATABASE_URL), and exits 4 when it cannot be reached', async () => {
    const url = await testPostgresDatabase();
    const db = openSqlDatabase(url);
    const accounts = new AccountStore(db, { hashParams: { logN: 10, r: 8, p: 1 } });
    try {
      await accounts.createUser({ email: 'kim@example.org', password: 'a long password 1', displayName: 'Kim', isAdmin: false });
      for (const reset of [run(['admin', 'reset-password', 'kim@example.org', '--database', url]), run(['admin', 'reset-password', 'kim@example.org'], { VERBATIM_DATABASE_URL: url })]) {
        await reset.done();
        expect(reset.err).toEqual([]);
        expect(reset.exits).toEqual([EXIT_OK]);
        const password = /^ {2}(\S{24})$/m.exec(reset.out.join('\n'))?.[1];
        expect(await accounts.authenticate('kim@example.org', password!)).toMatchObject({ ok: true });
      }
    } finally {
      db.close();
    }
    const unreachable = run(['admin', 'reset-password', 'kim@example.org', '--database', 'postgres://verbatim:hunter2@127.0.0.1:1/verbatim']);
    await unreachable.done();
    expect(unreachable.exits).toEqual([EXIT_DATABASE]);
    expect(unreachable.err).toEqual(['verbatim: cannot reach the database at postgres://verbatim@127.0.0.1:1/verbatim: connect ECONNREFUSED 127.0.0.1:1']);
  });

  it('exits 3 for an unknown email, 1 without a database, 2 for a usage error', async () => {
    const server = await startTestServer();
    try {
      const unknown = run(['admin', 'reset-password', 'nobody@example.org', '--data-dir', server.config.dataDir]);
      await unknown.done();
      expect(unknown.exits).toEqual([EXIT_NO_ACCOUNT]);
      expect(unknown.err.join('\n')).toMatch(/no account with the email "nobody@example.org"/);
    } finally {
      await server.close();
    }
    const missing = run(['admin', 'reset-password', 'a@example.org', '--data-dir', join(dir, 'nowhere')]);
    await missing.done();
    expect(missing.exits).toEqual([EXIT_FAILED]);
    expect(missing.err.join('\n')).toMatch(/no Verbatim database in/);
    for (const argv of [['admin'], ['admin', 'reset-password'], ['admin', 'reset-password', 'a@b', 'c@d'], ['admin', 'drop-tables', 'x'], ['admin', 'reset-password', 'a@b', '--force']]) {
      const bad = run(argv);
      await bad.done();
      expect(bad.exits, argv.join(' ')).toEqual([EXIT_CONFIG]);
      expect(bad.err.join('\n')).toMatch(/Usage: verbatim-server admin reset-password <email>/);
    }
  });
});
