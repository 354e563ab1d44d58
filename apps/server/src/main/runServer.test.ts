import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { writeTestBundle } from '../../test/testServer.ts';
import { BUNDLED_WEB_DIR } from '../config/loadConfig.ts';
import { EXIT_CONFIG, EXIT_FAILED, EXIT_OK, runServer, type ServerProcess } from './runServer.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-run-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A process as runServer sees it, recording what it printed, its signal handler and its exit codes. */
function processWith(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const exits: number[] = [];
  let handler: ((signal: string) => void) | undefined;
  const proc: ServerProcess = {
    argv,
    env: { VERBATIM_LOG_LEVEL: 'silent' },
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    onSignal: (h) => void (handler = h),
    exit: (code) => void exits.push(code),
  };
  return { proc, out, err, exits, signal: (name: string) => handler!(name) };
}

it('exits 2 with the message on a bad setting, before touching the disk', async () => {
  const run = processWith(['--workers', 'many']);
  expect(await runServer(run.proc)).toBeUndefined();
  expect(run.exits).toEqual([EXIT_CONFIG]);
  expect(run.err.join('\n')).toMatch(/--workers must be a whole number/);
});

it('prints where it listens and the API address; the first signal closes and exits 0, a second exits at once', async () => {
  const run = processWith(['--port', '0', '--data-dir', join(dir, 'data'), '--model-dir', writeTestBundle(join(dir, 'model'))]);
  const server = await runServer(run.proc);
  expect(server).toBeDefined();
  const text = run.out.join('\n');
  expect(text).toContain(`Verbatim is listening on ${server!.url}`);
  expect(text).toContain(`${server!.url}/api/openapi.json`);
  expect(text).toMatch(/email: +admin@/);
  expect((await fetch(`${server!.url}/healthz`)).status).toBe(200);
  run.signal('SIGTERM');
  run.signal('SIGTERM');
  expect(run.exits).toEqual([EXIT_FAILED]);
  await server!.close();
  await new Promise((wake) => setImmediate(wake));
  expect(run.exits).toEqual([EXIT_FAILED, EXIT_OK]);
});

it('says where the workbench is, or that the default one is not built yet and how to build it', async () => {
  const bundle = writeTestBundle(join(dir, 'model'));
  const byDefault = processWith(['--port', '0', '--data-dir', join(dir, 'data'), '--model-dir', bundle]);
  // the default (this repository's apps/web/dist) may be unbuilt in a fresh checkout: the API starts anyway
  const first = await runServer(byDefault.proc);
  await first!.close();
  const text = byDefault.out.join('\n');
  if (existsSync(join(BUNDLED_WEB_DIR, 'index.html'))) expect(text).toContain(`The workbench is at ${first!.url}/`);
  else expect(text).toMatch(/web workbench is not built .*npm run build.*--web-dir/);

  const web = join(dir, 'web');
  mkdirSync(web);
  writeFileSync(join(web, 'index.html'), '<!doctype html>');
  const built = processWith(['--port', '0', '--data-dir', join(dir, 'data'), '--model-dir', bundle, '--web-dir', web]);
  const second = await runServer(built.proc);
  await second!.close();
  expect(built.out.join('\n')).toContain(`The workbench is at ${second!.url}/`);
  expect(built.out.join('\n')).not.toMatch(/not built/);
});

it('refuses to start with a --web-dir that is missing, not a directory or not built, saying which and why', async () => {
  const bundle = writeTestBundle(join(dir, 'model'));
  mkdirSync(join(dir, 'source'));
  writeFileSync(join(dir, 'file.txt'), 'x');
  const cases = [
    { web: join(dir, 'missing'), reason: 'does not exist' },
    { web: join(dir, 'file.txt'), reason: 'is not a directory' },
    { web: join(dir, 'source'), reason: 'has no index.html' },
  ];
  for (const { web, reason } of cases) {
    const run = processWith(['--port', '0', '--data-dir', join(dir, 'data'), '--model-dir', bundle, '--web-dir', web]);
    expect(await runServer(run.proc)).toBeUndefined();
    expect(run.exits).toEqual([EXIT_FAILED]);
    expect(run.err.join('\n')).toMatch(/^verbatim: cannot start: the web workbench directory \(--web-dir or VERBATIM_WEB_DIR\) is not usable: /);
    expect(run.err.join('\n')).toContain(`${web} ${reason}`);
    expect(run.out).toEqual([]);
  }
  // the environment variable is checked the same way
  const fromEnv = processWith(['--port', '0', '--data-dir', join(dir, 'data'), '--model-dir', bundle]);
  const withEnv = { ...fromEnv.proc, env: { ...fromEnv.proc.env, VERBATIM_WEB_DIR: join(dir, 'missing') } };
  expect(await runServer(withEnv)).toBeUndefined();
  expect(fromEnv.exits).toEqual([EXIT_FAILED]);
  expect(fromEnv.err.join('\n')).toContain(`${join(dir, 'missing')} does not exist`);
});

it('refuses to start on a --media-dir that is missing or not a directory, naming it; the default one is created', async () => {
  const bundle = writeTestBundle(join(dir, 'model'));
  writeFileSync(join(dir, 'file.txt'), 'x');
  const cases = [
    { media: join(dir, 'mnt', 'media'), reason: /The media directory \(--media-dir or VERBATIM_MEDIA_DIR\) \S+ does not exist\. Mount the shared media volume there/ },
    { media: join(dir, 'file.txt'), reason: /The media directory \(--media-dir or VERBATIM_MEDIA_DIR\) \S+file\.txt is not a directory\./ },
  ];
  for (const { media, reason } of cases) {
    const run = processWith(['--port', '0', '--data-dir', join(dir, 'data'), '--model-dir', bundle, '--media-dir', media]);
    expect(await runServer(run.proc)).toBeUndefined();
    expect(run.exits).toEqual([EXIT_FAILED]);
    expect(run.err.join('\n')).toMatch(/^verbatim: cannot start: /);
    expect(run.err.join('\n')).toMatch(reason);
    expect(run.err.join('\n')).toContain(media);
    expect(existsSync(join(dir, 'mnt'))).toBe(false);
  }
  const shared = join(dir, 'shared-media');
  mkdirSync(shared);
  const run = processWith(['--port', '0', '--data-dir', join(dir, 'data'), '--model-dir', bundle, '--media-dir', shared, '--workers', '0']);
  const server = await runServer(run.proc);
  expect(server).toBeDefined();
  expect((await fetch(`${server!.url}/healthz`)).status).toBe(200);
  await server!.close();
  expect(existsSync(join(dir, 'data', 'media'))).toBe(false);
});
