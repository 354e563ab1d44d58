// `npm start` runs the real server: it prints where it listens, answers health probes and stops cleanly on SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('./verbatim-server.mjs', import.meta.url));
const bundle = process.env.VERBATIM_BUNDLE ?? resolve(fileURLToPath(new URL('../../../models/verbatim-en-char-v1', import.meta.url)));

/** Resolves with the first match of `pattern` in the child's stdout, or rejects when it exits first. */
function waitFor(child, pattern) {
  return new Promise((resolvePromise, reject) => {
    let text = '';
    const onData = (chunk) => {
      text += chunk;
      const match = pattern.exec(text);
      if (match !== null) {
        child.stdout.off('data', onData);
        child.off('exit', onExit);
        resolvePromise(match);
      }
    };
    const onExit = (code) => reject(new Error(`the server exited (${code}) before printing ${pattern}:\n${text}`));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

test('starts on a free port, answers /healthz and /readyz, and exits 0 on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-bin-'));
  try {
    const child = spawn(process.execPath, [bin, '--port', '0', '--data-dir', join(dir, 'data'), '--model-dir', bundle], {
      env: { ...process.env, VERBATIM_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const [, url] = await waitFor(child, /Verbatim is listening on (http:\/\/\S+)\n/);
    const exited = new Promise((resolvePromise) => child.once('exit', (code, signal) => resolvePromise({ code, signal })));
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 200, await ready.clone().text());
    assert.equal((await ready.json()).status, 'ready');
    child.kill('SIGTERM');
    assert.deepEqual(await exited, { code: 0, signal: null }, stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--help lists the commands and flags and exits 0', () => {
  const r = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /verbatim-server admin reset-password <email>/);
  assert.match(r.stdout, /--data-dir <value> +VERBATIM_DATA_DIR/);
});

test('admin reset-password without a database exits 1 saying so', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-bin-'));
  try {
    const r = spawnSync(process.execPath, [bin, 'admin', 'reset-password', 'ada@example.org', '--data-dir', join(dir, 'data')], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /no Verbatim database/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad flag exits 2 naming it', () => {
  const r = spawnSync(process.execPath, [bin, '--port', 'eighty'], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--port must be a port number/);
});

test('a missing model bundle exits 1 saying so', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-bin-'));
  try {
    const r = spawnSync(process.execPath, [bin, '--port', '0', '--data-dir', join(dir, 'data'), '--model-dir', join(dir, 'nowhere')], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /No model bundle/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a port in use exits 1 saying so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-bin-'));
  const blocker = createServer();
  await new Promise((resolvePromise) => blocker.listen(0, '127.0.0.1', resolvePromise));
  try {
    const { port } = blocker.address();
    const child = spawn(process.execPath, [bin, '--port', String(port), '--data-dir', join(dir, 'data'), '--model-dir', bundle], {
      env: { ...process.env, VERBATIM_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolvePromise) => child.once('exit', resolvePromise));
    assert.equal(code, 1, stderr);
    assert.match(stderr, /the port is in use/);
  } finally {
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
