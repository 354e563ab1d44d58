import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createPluginFixtures, pluginPackage, rewritePlugin } from '../test/testPlugins.ts';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const fx = createPluginFixtures('vb-built-host-');
afterAll(() => fx.remove());

// The sandbox is a second tsdown entry found beside the bundle: this checks the built package in plain Node, outside
// vitest. It needs `npx tsdown` (turbo's build) to have run first.
describe.skipIf(!existsSync(dist))('the built package (dist/)', () => {
  it('starts dist/pluginSandbox.js and runs a plugin in plain Node', async () => {
    fx.write('alpha', pluginPackage('alpha', { postProcessors: [{ id: 'alpha.ab', title: 'a to b' }] }), { 'index.js': rewritePlugin('alpha', 'ab', 'a', 'b') });
    const script = `
      import { discoverPlugins, PluginHost } from ${JSON.stringify(pathToFileURL(dist).href)};
      const { plugins, problems } = await discoverPlugins({ dirs: [${JSON.stringify(fx.pluginsDir)}] });
      const host = new PluginHost({ plugins });
      const out = await host.postProcess(['alpha'], [{ text: 'a', start: 0, end: 1, confidence: 0.5 }]);
      await host.dispose();
      console.log(JSON.stringify({ problems, words: out.words, applied: out.applied }));`;
    const file = join(fx.root, 'run.mjs');
    writeFileSync(file, script);
    const { stdout } = await promisify(execFile)(process.execPath, [file], { cwd: fx.root });
    expect(JSON.parse(stdout)).toEqual({
      problems: [],
      words: [{ text: 'b', start: 0, end: 1, confidence: 0.5, origin: 'plugin:alpha' }],
      applied: [{ id: 'alpha', version: '1.0.0' }],
    });
  });
});
