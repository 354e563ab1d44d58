import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { checkWebDir } from './checkWebDir.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-webdir-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('accepts a directory with an index.html', async () => {
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  expect(await checkWebDir(dir)).toEqual({ ok: true, message: dir });
});

it('says what is wrong: missing, not a directory, or not built', async () => {
  expect(await checkWebDir(join(dir, 'nope'))).toEqual({ ok: false, message: `${join(dir, 'nope')} does not exist.` });
  writeFileSync(join(dir, 'file'), 'x');
  expect(await checkWebDir(join(dir, 'file'))).toEqual({ ok: false, message: `${join(dir, 'file')} is not a directory.` });
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'src', 'index.html'));
  expect(await checkWebDir(join(dir, 'src'))).toEqual({ ok: false, message: `${join(dir, 'src')} has no index.html, so it is not a built workbench.` });
  expect((await checkWebDir(dir)).ok).toBe(false);
});
