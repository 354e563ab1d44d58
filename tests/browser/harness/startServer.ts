// The real `npm start` server as a child process on a fresh data directory, for end-to-end tests and benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '..', '..', '..');
const SERVER_BIN = join(REPO, 'apps', 'server', 'bin', 'verbatim-server.mjs');

export interface RunningServer {
  url: string;
  /**
   * The first administrator the server created, with the password it was given in place of the printed one-time
   * password (which opens nothing but the password change).
   */
  admin: { email: string; password: string };
  dataDir: string;
  child: ChildProcess;
  /** Everything the server wrote (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the server on a free port; resolves once it listens. Extra flags go after the defaults. */
export async function startServer(flags: string[] = [], timeoutMs = 60_000): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'verbatim-e2e-'));
  const child = spawn(process.execPath, [SERVER_BIN, '--port', '0', '--data-dir', dataDir, '--workers', '1', ...flags], {
    env: { ...process.env, VERBATIM_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /Verbatim is listening on (http:\/\/\S+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        done(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`the server exited before listening:\n${out}`));
    });
  });
  const creds = /email: +(\S+)\n +password: +(\S+)\n/.exec(out);
  if (!creds) throw new Error(`the server printed no administrator credentials:\n${out}`);
  const admin = { email: creds[1]!, password: `${creds[2]!} made my own` };
  await changePassword(url, admin.email, creds[2]!, admin.password);
  return {
    url,
    admin,
    dataDir,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in with `current` and changes the account's password to `next` (the first administrator's one-time password must go). */
async function changePassword(url: string, email: string, current: string, next: string): Promise<void> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: current }) });
  if (login.status !== 200) throw new Error(`login as ${email} answered ${login.status}: ${await login.text()}`);
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('verbatim_session='))!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const change = await fetch(`${url}/api/me/password`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ currentPassword: current, newPassword: next }),
  });
  if (change.status !== 204) throw new Error(`changing the one-time password answered ${change.status}: ${await change.text()}`);
}
