// The real server as a child process on a temporary data dir, with an admin API token for the benchmark's requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerChild, type ServerChild } from '../src/main/serverProcess.ts';

/** A running benchmark server; `dispose()` stops it and deletes its data. */
export interface BenchServer {
  readonly url: string;
  readonly pid: number;
  readonly dir: string;
  readonly token: string;
  /** An authorised request; throws with the body when the answer is not 2xx. */
  call(method: string, path: string, body?: object): Promise<Response>;
  dispose(): Promise<void>;
}

/** Starts the bin on a fresh data dir, logs in with the printed admin credentials and creates an API token. */
export async function startBenchServer(bundle: string, extraArgs: readonly string[] = []): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-bench-'));
  let server: ServerChild;
  try {
    server = await startServerChild(['--port', '0', '--data-dir', join(dir, 'data'), '--model-dir', bundle, ...extraArgs]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const dispose = async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
    // a graceful stop waits for running jobs; the benchmark has no use for them
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
    await server.exited;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const credentials = /email: +(\S+)\n +password: +(\S+)\n/.exec(server.stdout());
    if (credentials === null) throw new Error(`the server printed no admin credentials:\n${server.stdout()}`);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: credentials[1], password: credentials[2] }),
    });
    if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('verbatim_session='))!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    // the printed password is a one-time password: nothing but its change answers until it is changed
    const changed = await fetch(`${server.url}/api/me/password`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: credentials[2], newPassword: `${credentials[2]} made my own` }),
    });
    if (changed.status !== 204) throw new Error(`changing the one-time password answered ${changed.status}: ${await changed.text()}`);
    const created = await fetch(`${server.url}/api/tokens`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'benchmark' }),
    });
    if (created.status !== 201) throw new Error(`creating a token answered ${created.status}: ${await created.text()}`);
    const { token } = (await created.json()) as { token: string };
    const send = (method: string, path: string, body?: object) => {
      const form = body instanceof FormData;
      return fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined || form ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: form ? (body as FormData) : JSON.stringify(body) }),
      });
    };
    const call = async (method: string, path: string, body?: object) => {
      let response: Response;
      try {
        response = await send(method, path, body);
      } catch (error) {
        // a kept-alive socket the server closed as it was reused (ECONNRESET, frequent on a loaded machine) was never
        // read by the server: send once more; a server that died fails again and says so
        if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error;
        if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`${method} ${path}: the server exited (${server.child.exitCode ?? server.child.signalCode})`, { cause: error });
        response = await send(method, path, body);
      }
      if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
      return response;
    };
    return { url: server.url, pid: server.child.pid!, dir, token, call, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
