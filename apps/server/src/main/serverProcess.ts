// Test helper: the real `npm start` entry point as a child process, and what it printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** The bin that `npm start` runs. */
export const SERVER_BIN = resolve(import.meta.dirname, '../../bin/verbatim-server.mjs');

/** A server child process once it printed where it listens. */
export interface ServerChild {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything it wrote to stdout so far (the first start's admin credentials are in it). */
  stdout(): string;
  /** Resolves with the exit code (or the signal's name) once the process ended. */
  readonly exited: Promise<number | string>;
}

/**
 * Starts the bin with `args` and resolves once it prints its URL; rejects if it exits first or takes over `timeoutMs`
 * (default 90 s: a first start installs the bundled model into the store, copied, hashed and probe-decoded, which on
 * a busy 2-core machine takes tens of seconds).
 */
export function startServerChild(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 90_000): Promise<ServerChild> {
  const child = spawn('nice', ['-n', '19', process.execPath, SERVER_BIN, ...args], {
    env: { ...process.env, VERBATIM_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | string>((done) => child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown')));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the server printed no URL within ${timeoutMs} ms:\n${out}\n${err}`));
    }, timeoutMs);
    const check = () => {
      const match = /Verbatim is listening on (http:\/\/\S+)\n/.exec(out);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      done({ child, url: match[1]!, stdout: () => out, exited });
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`the server exited (${code}) before listening:\n${out}\n${err}`));
    });
  });
}
