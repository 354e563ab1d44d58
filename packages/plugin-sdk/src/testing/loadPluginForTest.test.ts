import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PluginManifestError } from '../PluginManifestError.ts';
import { loadPluginForTest } from './loadPluginForTest.ts';
import { wordsFromText } from './wordsFromText.ts';

const sdkDir = fileURLToPath(new URL('../../', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'vb-sdk-harness-'));
// plugins import the SDK by name, as they would from their own node_modules
mkdirSync(join(root, 'node_modules', '@verbatim'), { recursive: true });
symlinkSync(sdkDir, join(root, 'node_modules', '@verbatim', 'plugin-sdk'), 'dir');
afterAll(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
function writePlugin(files: Record<string, string>, verbatim: Record<string, unknown>, main: string | null = 'dist/index.js'): string {
  const dir = join(root, `plugin-${++count}`);
  const pkg = { name: `test-plugin-${count}`, version: '1.2.3', type: 'module', ...(main ? { main } : {}), engines: { verbatim: '^1.0.0' }, verbatim };
  for (const [name, text] of Object.entries({ 'package.json': JSON.stringify(pkg), ...files })) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const manifest = {
  id: 'dose',
  displayName: 'Dose',
  contributes: {
    vocabularies: [
      { id: 'dose.terms', title: 'Terms', path: 'vocabulary/terms.json', domainText: 'vocabulary/sentences.txt' },
      { id: 'dose.units', title: 'Units' },
    ],
    postProcessors: [{ id: 'dose.mg', title: 'Milligrams' }],
    commands: [{ id: 'dose.echo', title: 'Echo' }],
  },
};

const source = `
import { createWordEditor, definePlugin, matchPhrase, type PostProcessor } from '@verbatim/plugin-sdk';

let log: { info(msg: string): void } | undefined;
const mg: PostProcessor = (words) => {
  const editor = createWordEditor(words);
  for (let i = 0; i < words.length; i++) {
    if (matchPhrase(words, i, ['five', 'milligrams'])) editor.replace(i, i + 2, ['5 mg']);
  }
  return editor.result();
};

export default definePlugin({
  activate(ctx) {
    log = ctx.log;
    ctx.subscriptions.push(
      ctx.vocabularies.register('dose.units', async () => [{ phrase: 'milligram' }, { phrase: 'microgram', boost: 3 }]),
      ctx.postProcessors.register('dose.mg', mg),
      ctx.commands.register('dose.echo', (args) => ({ echoed: args })),
    );
    ctx.log.info('activated');
  },
  deactivate() {
    log?.info('deactivated');
  },
});
`;
const files = {
  'src/index.ts': source,
  'vocabulary/terms.json': JSON.stringify([{ phrase: 'metformin', soundsLike: ['met forming'] }, { phrase: 'covid nineteen', displayAs: 'COVID-19' }]),
  'vocabulary/sentences.txt': 'take five milligrams\r\nof metformin\u0007 daily\n',
};

describe('loadPluginForTest', () => {
  it('activates a TypeScript plugin from source and runs its contributions', async () => {
    const plugin = await loadPluginForTest(writePlugin(files, manifest));
    try {
      expect(plugin.manifest.id).toBe('dose');
      expect(plugin.entry).toMatch(/src[\\/]index\.ts$/);
      expect(await plugin.vocabulary('dose.terms')).toEqual([{ phrase: 'metformin', soundsLike: ['met forming'] }, { phrase: 'covid nineteen', displayAs: 'COVID-19' }]);
      expect(await plugin.vocabulary('dose.units')).toEqual([{ phrase: 'milligram' }, { phrase: 'microgram', boost: 3 }]);
      expect(await plugin.domainText('dose.terms')).toBe('take five milligrams\nof metformin daily\n');
      expect(await plugin.domainText('dose.units')).toBeUndefined();
      const input = wordsFromText('take five milligrams now');
      const result = await plugin.postProcess('dose.mg', input);
      expect(result.words.map((w) => w.text)).toEqual(['take', '5 mg', 'now']);
      expect(result.words[1]).toEqual({ text: '5 mg', start: 0.4, end: 1.2, confidence: 0.9 });
      expect(result.changes).toEqual([{ from: 1, fromEnd: 3, to: 1, toEnd: 2, before: 'five milligrams', after: '5 mg' }]);
      expect(await plugin.command('dose.echo', [1, 'two'])).toEqual({ echoed: [1, 'two'] });
      await expect(plugin.vocabulary('dose.nope')).rejects.toThrow(/declares no vocabulary "dose\.nope" \(it declares "dose\.terms", "dose\.units"\)/);
      await expect(plugin.postProcess('dose.nope', input)).rejects.toThrow(/declares no post-processor/);
      await expect(plugin.command('dose.nope')).rejects.toThrow(/declares no command/);
    } finally {
      await plugin.dispose();
    }
    expect(plugin.logs).toEqual([{ level: 'info', message: 'activated' }, { level: 'info', message: 'deactivated' }]);
    await expect(plugin.command('dose.echo')).rejects.toThrow(/disposed/);
  });

  it("prefers the source beside main, or takes main when asked", async () => {
    const built = `export default { activate(ctx) { ctx.postProcessors.register('dose.mg', (w) => ({ words: [...w], changes: [] })); ctx.vocabularies.register('dose.units', []); ctx.commands.register('dose.echo', () => 'built'); } };`;
    const dir = writePlugin({ ...files, 'dist/index.js': built }, manifest);
    const fromSource = await loadPluginForTest(dir);
    const fromMain = await loadPluginForTest(dir, { entry: 'main' });
    expect(await fromSource.command('dose.echo', 1)).toEqual({ echoed: 1 });
    expect(await fromMain.command('dose.echo', 1)).toBe('built');
    await fromSource.dispose();
    await fromMain.dispose();
  });

  it('rejects a result that fails validation, naming the problems', async () => {
    const bad = `export default { activate(ctx) {
      ctx.postProcessors.register('bad.words', (words) => ({ words: words.map((w) => ({ ...w, start: Number.NaN })), changes: [] }));
    } };`;
    const plugin = await loadPluginForTest(writePlugin({ 'index.js': bad }, { id: 'bad', displayName: 'Bad', contributes: { postProcessors: [{ id: 'bad.words', title: 'Bad' }] } }, 'index.js'));
    await expect(plugin.postProcess('bad.words', wordsFromText('a b'))).rejects.toThrow(/post-processor "bad\.words" returned an invalid result:\n  words\[0\] "a": start must be a finite number/);
    await plugin.dispose();
  });

  it('hands the post-processor frozen words, so mutating the input fails', async () => {
    const mutating = `export default { activate(ctx) {
      ctx.postProcessors.register('mut.upper', (words) => { words[0].text = 'X'; return { words: [...words], changes: [] }; });
    } };`;
    const plugin = await loadPluginForTest(writePlugin({ 'index.js': mutating }, { id: 'mut', displayName: 'Mut', contributes: { postProcessors: [{ id: 'mut.upper', title: 'Upper' }] } }, 'index.js'));
    await expect(plugin.postProcess('mut.upper', wordsFromText('a b'))).rejects.toThrow(TypeError);
    await plugin.dispose();
  });

  it('says what a plugin declared but did not register', async () => {
    const lazy = `export default { activate(ctx) { ctx.postProcessors.register('dose.mg', (w) => ({ words: [...w], changes: [] })); ctx.postProcessors.register('dose.extra', (w) => ({ words: [...w], changes: [] })); } };`;
    const dir = writePlugin({ ...files, 'index.js': lazy }, manifest, 'index.js');
    await expect(loadPluginForTest(dir)).rejects.toThrow('plugin "dose" declares but did not register in activate: command "dose.echo", vocabulary "dose.units" (it has no path)');
  });

  it('reports invalid manifests, missing entries, entries without a plugin and bad vocabulary files', async () => {
    await expect(loadPluginForTest(writePlugin({}, { id: 'Bad Id', displayName: 'x' }))).rejects.toBeInstanceOf(PluginManifestError);
    await expect(loadPluginForTest(writePlugin({}, manifest))).rejects.toThrow(/the plugin entry .*dist[\\/]index\.js does not exist/);
    await expect(loadPluginForTest(writePlugin({ 'index.js': 'export const x = 1;' }, manifest, 'index.js'))).rejects.toThrow(/exports no plugin/);
    const words = writePlugin({ 'terms.json': '[{"phrase":"ok","boost":99}]' }, { id: 'words', displayName: 'W', contributes: { vocabularies: [{ id: 'words.t', title: 'T', path: 'terms.json' }] } }, null);
    const plugin = await loadPluginForTest(words);
    expect(plugin.entry).toBeUndefined();
    await expect(plugin.vocabulary('words.t')).rejects.toThrow(/vocabulary "words\.t" \(terms\.json\) is invalid:\n  entry 0 "ok": boost must be a number in \[0, 20\], got 99/);
    await plugin.dispose();
  });
});
