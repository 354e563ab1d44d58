import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveWebFile, webPathSegments } from './resolveWebFile.ts';

describe('webPathSegments', () => {
  it('decodes the segments of an ordinary path and drops empty ones', () => {
    expect(webPathSegments('/')).toEqual([]);
    expect(webPathSegments('/assets/index-1.js')).toEqual(['assets', 'index-1.js']);
    expect(webPathSegments('//assets//a%20b.js/')).toEqual(['assets', 'a b.js']);
  });

  it('refuses anything that could climb out or reach a hidden file', () => {
    for (const path of ['/..', '/a/../b', '/%2e%2e/x', '/.', '/..%2fetc', '/a%5cb', '/a%00', '/.env', '/assets/.git', '/%E0%A4%A']) {
      expect(webPathSegments(path), path).toBeUndefined();
    }
  });
});

describe('resolveWebFile', () => {
  let dir: string;
  let root: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vwb-resolve-'));
    root = join(dir, 'dist');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), 'index');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    symlinkSync(join(dir, 'secret.txt'), join(root, 'assets', 'out.txt'));
    symlinkSync(join(root, 'index.html'), join(root, 'assets', 'in.html'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds regular files inside the root, following links that stay inside', async () => {
    expect(await resolveWebFile(root, ['index.html'])).toMatchObject({ path: join(root, 'index.html'), size: 5 });
    expect(await resolveWebFile(root, ['assets', 'in.html'])).toMatchObject({ path: join(root, 'index.html') });
  });

  it('finds nothing outside the root, for directories, or for missing files and roots', async () => {
    expect(await resolveWebFile(root, ['..', 'secret.txt'])).toBeUndefined();
    expect(await resolveWebFile(root, ['assets', 'out.txt'])).toBeUndefined();
    expect(await resolveWebFile(root, ['assets'])).toBeUndefined();
    expect(await resolveWebFile(root, [])).toBeUndefined();
    expect(await resolveWebFile(root, ['missing.js'])).toBeUndefined();
    expect(await resolveWebFile(join(dir, 'nowhere'), ['index.html'])).toBeUndefined();
  });
});
