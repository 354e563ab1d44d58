import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverPlugins } from './discoverPlugins.ts';
import { createPluginFixtures, pluginPackage, rewritePlugin } from '../test/testPlugins.ts';

const fx = createPluginFixtures('vb-discover-');
afterAll(() => fx.remove());

const terms = JSON.stringify([{ phrase: 'metformin', soundsLike: ['met forming'] }, { phrase: 'covid nineteen', displayAs: 'COVID-19', boost: 3 }]);
const goodContributes = {
  vocabularies: [
    { id: 'good.terms', title: 'Terms', path: 'vocabulary/terms.json', domainText: 'vocabulary/sentences.txt' },
    { id: 'good.computed', title: 'Computed' },
  ],
  postProcessors: [{ id: 'good.dose', title: 'Dose' }],
  commands: [{ id: 'good.ping', title: 'Ping' }],
};

describe('discoverPlugins', () => {
  const good = fx.write('good', pluginPackage('good', goodContributes), {
    'index.js': rewritePlugin('good', 'dose', 'five milligrams', '5 mg'),
    'vocabulary/terms.json': terms,
    'vocabulary/sentences.txt': 'take five milligrams\n',
  });
  fx.write('not-a-plugin', { name: 'left-pad', version: '1.0.0' });
  fx.write('invalid-manifest', { ...pluginPackage('broken', {}), version: 'latest', verbatim: { id: 'broken', displayName: '' } });
  fx.write('future', pluginPackage('future', {}, { engines: { verbatim: '^2.0.0' } }), { 'index.js': 'export default { activate() {} };' });
  fx.write('bad-range', pluginPackage('badrange', {}, { engines: { verbatim: 'newest please' } }), { 'index.js': '' });
  fx.write('twin-a', pluginPackage('twin', {}), { 'index.js': '' });
  fx.write('twin-b', pluginPackage('twin', {}), { 'index.js': '' });
  fx.write('bad-vocab', pluginPackage('badvocab', { vocabularies: [{ id: 'badvocab.terms', title: 'T', path: 'terms.json' }] }), {
    'index.js': '',
    'terms.json': JSON.stringify([{ phrase: 'ok' }, { phrase: '', boost: 99 }, { phrase: 'x', soundsLike: 'y' }]),
  });
  fx.write('missing-files', pluginPackage('missing', { vocabularies: [{ id: 'missing.terms', title: 'T', path: 'nope.json', domainText: 'nope.txt' }] }, { main: 'dist/index.js' }));
  fx.write('not-json', {}, { 'package.json': '{ "name": ' });
  fx.write('scoped', pluginPackage('scoped', {}), { 'index.js': '' }, 'plugins/@acme');
  const escape = fx.write('escape', pluginPackage('escape', { vocabularies: [{ id: 'escape.terms', title: 'T', path: 'terms.json' }] }), { 'index.js': '' });
  writeFileSync(join(fx.root, 'outside.json'), '[{"phrase":"secret"}]');
  symlinkSync(join(fx.root, 'outside.json'), join(escape, 'terms.json'));

  const found = discoverPlugins({ dirs: [fx.pluginsDir] });
  const problemFor = async (id: string) => (await found).problems.filter((p) => p.pluginId === id);

  it('describes a valid plugin from its manifest without running it', async () => {
    const { plugins } = await found;
    expect(plugins.map((p) => p.id)).toEqual(['good', 'scoped']);
    const d = plugins[0]!;
    expect(d).toMatchObject({ id: 'good', version: '1.0.0', displayName: 'The good plugin', description: 'Test plugin good.', dir: good, main: join(good, 'index.js') });
    expect(d.contributes).toEqual(goodContributes);
    expect(d.manifest.engines.verbatim).toBe('^1.0.0');
    // plain data: a description can go into a REST response or a worker message as it is
    expect(structuredClone(d)).toEqual(d);
  });

  it('skips folders that are not plugins, but reports unreadable package.json files', async () => {
    const { problems } = await found;
    expect(problems.some((p) => p.message.includes('left-pad'))).toBe(false);
    expect(problems.find((p) => p.where === join(fx.pluginsDir, 'not-json', 'package.json'))?.message).toMatch(/unreadable package\.json/);
  });

  it('reports an invalid manifest with every problem, by plugin id', async () => {
    const [p, ...rest] = await problemFor('broken');
    expect(rest).toEqual([]);
    expect(p!.where).toBe(join(fx.pluginsDir, 'invalid-manifest', 'package.json'));
    expect(p!.message).toMatch(/^Plugin "broken" .* has an invalid manifest \(2 problems\)/);
    expect(p!.message).toMatch(/"version"/);
    expect(p!.message).toMatch(/displayName/);
  });

  it('refuses a plugin whose engines range excludes this API version, or is no range', async () => {
    expect((await problemFor('future')).map((p) => p.message)).toEqual([expect.stringMatching(/^Plugin "future" .* is not loaded: it needs plugin API \^2\.0\.0 \(engines\.verbatim\), but this host provides 1\.0\.0\.$/)]);
    expect((await problemFor('badrange'))[0]!.message).toMatch(/engines\.verbatim "newest please" is not a valid semver range/);
  });

  it('refuses both plugins that claim one id, naming both places', async () => {
    const twins = await problemFor('twin');
    expect(twins).toHaveLength(2);
    for (const t of twins) {
      expect(t.message).toContain(join(fx.pluginsDir, 'twin-a'));
      expect(t.message).toContain(join(fx.pluginsDir, 'twin-b'));
      expect(t.message).toMatch(/installed more than once/);
    }
  });

  it('validates static vocabulary entries field by field', async () => {
    const [p] = await problemFor('badvocab');
    expect(p!.message).toMatch(/vocabulary "badvocab\.terms": vocabulary file terms\.json is invalid: entry 1 "": phrase must be non-empty text, got ""; entry 1 "": boost must be a number in \[0, 20\], got 99; entry 2 "x": soundsLike must be a list of texts/);
  });

  it('reports a missing entry and missing contributed files', async () => {
    const messages = (await problemFor('missing')).map((p) => p.message);
    expect(messages).toEqual([
      expect.stringMatching(/its entry dist\/index\.js \("main"\) does not exist/),
      expect.stringMatching(/vocabulary "missing\.terms": vocabulary file nope\.json does not exist/),
    ]);
  });

  it('refuses a contributed file that links out of the package', async () => {
    expect((await problemFor('escape'))[0]!.message).toMatch(/terms\.json resolves outside the package/);
  });

  it('reports a plugin directory that does not exist', async () => {
    const { plugins, problems } = await discoverPlugins({ dirs: [join(fx.root, 'nowhere')] });
    expect(plugins).toEqual([]);
    expect(problems).toEqual([{ where: join(fx.root, 'nowhere'), message: expect.stringMatching(/cannot be read \(ENOENT\)/) }]);
  });

  it('refuses oversized and non-UTF-8 domain text', async () => {
    const big = fx.write('big-text', pluginPackage('bigtext', { vocabularies: [{ id: 'bigtext.t', title: 'T', path: 't.json', domainText: 'big.txt' }] }), {
      'index.js': '',
      't.json': '[]',
      'big.txt': 'a'.repeat(8 * 1024 * 1024 + 1),
    }, 'other');
    fx.write('latin1', pluginPackage('latin', { vocabularies: [{ id: 'latin.t', title: 'T', path: 't.json', domainText: 's.txt' }] }), {
      'index.js': '',
      't.json': '[]',
      's.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]),
    }, 'other');
    const { plugins, problems } = await discoverPlugins({ dirs: [join(fx.root, 'other')] });
    expect(plugins).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(new RegExp(`^Plugin "bigtext" \\(${big}\\) is not loaded: vocabulary "bigtext\\.t": domain text file big\\.txt has 8388609 bytes, at most 8388608 are allowed`)),
      expect.stringMatching(/Plugin "latin" .*domain text file s\.txt is not valid UTF-8/),
    ]);
  });

  it('resolves plugin packages by name, even when "exports" hides package.json', async () => {
    fx.write('@acme/verbatim-legal', { ...pluginPackage('legal', {}), exports: { '.': './index.js' } }, { 'index.js': '' }, 'app/node_modules');
    fx.write('left-pad', { name: 'left-pad', version: '1.0.0' }, {}, 'app/node_modules');
    mkdirSync(join(fx.root, 'app', 'src'), { recursive: true });
    const { plugins, problems } = await discoverPlugins({ dirs: [], packages: ['@acme/verbatim-legal', 'left-pad', 'not-installed'], resolveFrom: join(fx.root, 'app', 'src') });
    expect(plugins.map((p) => [p.id, p.dir])).toEqual([['legal', join(fx.root, 'app', 'node_modules', '@acme', 'verbatim-legal')]]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^Plugin package not-installed is not installed \(looked from .*app[\\/]src\)\.$/),
      expect.stringMatching(/^Package left-pad .*: package\.json has no "verbatim" key, so it is not a Verbatim plugin\.$/),
    ]);
  });

  it('counts a package reached both by folder and by name once', async () => {
    const { plugins, problems } = await discoverPlugins({ dirs: [join(fx.root, 'app', 'node_modules')], packages: ['@acme/verbatim-legal'], resolveFrom: join(fx.root, 'app') });
    expect(plugins.map((p) => p.id)).toEqual(['legal']);
    expect(problems).toEqual([]);
  });
});
