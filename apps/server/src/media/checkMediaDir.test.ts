import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ConfigError } from '../config/ConfigError.ts';
import { checkMediaDir } from './checkMediaDir.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-media-dir-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function refusal(mediaDir: string, shared: boolean): ConfigError {
  try {
    checkMediaDir(mediaDir, { shared });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('invalid-media-dir');
    return error as ConfigError;
  }
  throw new Error(`checkMediaDir accepted ${mediaDir}`);
}

it('creates the default media directory, and leaves nothing behind in one that exists', () => {
  checkMediaDir(join(dir, 'data', 'media'), { shared: false });
  expect(existsSync(join(dir, 'data', 'media'))).toBe(true);
  mkdirSync(join(dir, 'shared'));
  checkMediaDir(join(dir, 'shared'), { shared: true });
  expect(readdirSync(join(dir, 'shared'))).toEqual([]);
});

it('refuses a shared one that is missing (without creating it) or is a file, naming it', () => {
  const missing = refusal(join(dir, 'mnt', 'media'), true);
  expect(missing.message).toBe(`The media directory (--media-dir or VERBATIM_MEDIA_DIR) ${join(dir, 'mnt', 'media')} does not exist. Mount the shared media volume there (every Verbatim process must see the same one), or create it.`);
  expect(existsSync(join(dir, 'mnt'))).toBe(false);
  writeFileSync(join(dir, 'file'), 'x');
  expect(refusal(join(dir, 'file'), true).message).toBe(`The media directory (--media-dir or VERBATIM_MEDIA_DIR) ${join(dir, 'file')} is not a directory.`);
});

it('refuses one it cannot write to, naming it and why', () => {
  // root writes through permission bits: procfs takes no new files from anyone
  const readOnly = process.getuid?.() === 0 ? '/proc/self' : join(dir, 'read-only');
  if (readOnly !== '/proc/self') {
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
  }
  const error = refusal(readOnly, true);
  expect(error.message).toMatch(new RegExp(`^The media directory \\(--media-dir or VERBATIM_MEDIA_DIR\\) ${readOnly.replaceAll('/', '\\/')} is not writable: .+\\.$`));
});
