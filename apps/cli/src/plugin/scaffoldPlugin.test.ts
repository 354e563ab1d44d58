import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { checkVocabulary, loadPluginForTest, wordsFromText } from '@verbatim/plugin-sdk/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { scaffoldPlugin } from './scaffoldPlugin.ts';

const repoModules = fileURLToPath(new URL('../../../../node_modules/', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'vb-scaffold-'));
// what `npm install` would give the new package: the SDK, and the tools its scripts and tests use
for (const name of ['@verbatim/plugin-sdk', '@types/node', 'typescript', 'vitest']) {
  mkdirSync(join(root, 'node_modules', name, '..'), { recursive: true });
  symlinkSync(join(repoModules, name), join(root, 'node_modules', name), 'dir');
}
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = promisify(execFile);

describe('scaffoldPlugin', () => {
  const dir = join(root, 'field-notes');
  const scaffolded = scaffoldPlugin('field-notes', dir);

  it('writes every file of a plugin package', async () => {
    const files = await scaffolded;
    expect(files.map((f) => relative(dir, f).split('\\').join('/'))).toEqual([
      'package.json',
      'src/index.ts',
      'src/index.test.ts',
      'vocabulary/terms.json',
      'vocabulary/sentences.txt',
      'tsconfig.json',
      'tsdown.config.ts',
      'README.md',
    ]);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'verbatim-plugin-field-notes', main: 'dist/index.js', engines: { verbatim: '^1.0.0' }, verbatim: { id: 'field-notes', displayName: 'Field Notes' } });
  });

  it('makes a plugin the harness loads from source, whose post-processor and vocabularies work', async () => {
    await scaffolded;
    const plugin = await loadPluginForTest(dir);
    try {
      expect(plugin.entry).toBe(join(dir, 'src', 'index.ts'));
      const input = wordsFromText('the o k from verbatim', { start: 1, step: 0.5 });
      const { words, changes } = await plugin.postProcess('field-notes.spellings', input);
      expect(words.map((w) => w.text)).toEqual(['the', 'OK', 'from', 'Verbatim']);
      expect(words[1]).toMatchObject({ start: 1.5, end: 2.5 });
      expect(changes).toEqual([
        { from: 1, fromEnd: 3, to: 1, toEnd: 2, before: 'o k', after: 'OK' },
        { from: 4, fromEnd: 5, to: 3, toEnd: 4, before: 'verbatim', after: 'Verbatim' },
      ]);
      for (const id of ['field-notes.terms', 'field-notes.spellings']) {
        const entries = await plugin.vocabulary(id);
        expect(entries.length, id).toBeGreaterThan(0);
        expect(await checkVocabulary(entries), id).toEqual({ ok: true, problems: [] });
      }
      expect(await plugin.domainText('field-notes.terms')).toMatch(/^the transcript was checked/);
    } finally {
      await plugin.dispose();
    }
  });

  it('makes a package that typechecks and whose own tests pass', async () => {
    await scaffolded;
    await run(process.execPath, [join(repoModules, 'typescript', 'bin', 'tsc'), '--noEmit', '-p', dir], { cwd: dir });
    const { stdout } = await run(process.execPath, [join(repoModules, 'vitest', 'vitest.mjs'), 'run', '--root', dir], { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: '1' } });
    expect(stdout).toMatch(/Tests\s+3 passed \(3\)/);
  }, 60_000);

  it('refuses invalid names', async () => {
    for (const name of ['', 'A', 'Legal', 'x', '1st', 'my_plugin', 'a/b', '../evil', 'a'.repeat(42)]) {
      await expect(scaffoldPlugin(name, join(root, 'never')), name).rejects.toThrow(/^Invalid plugin name/);
    }
  });

  it('refuses a non-empty target and a file, writing nothing', async () => {
    const full = join(root, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'notes.txt'), 'keep me');
    await expect(scaffoldPlugin('legal', full)).rejects.toThrow(/is not empty/);
    expect(readFileSync(join(full, 'notes.txt'), 'utf8')).toBe('keep me');
    await expect(scaffoldPlugin('legal', join(full, 'notes.txt'))).rejects.toThrow(/exists and is not a directory/);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(await scaffoldPlugin('legal', empty, { packageName: '@acme/verbatim-legal' })).toHaveLength(8);
    expect(JSON.parse(readFileSync(join(empty, 'package.json'), 'utf8')).name).toBe('@acme/verbatim-legal');
  });
});
