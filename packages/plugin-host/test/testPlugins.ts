// Test fixtures: real plugin packages written to a temporary directory (never shipped; tests import it).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A temporary folder of plugin packages, with the SDK linked into its node_modules as an installed package. */
export interface PluginFixtures {
  root: string;
  /** Where the plugin packages go (a `dirs` entry for discoverPlugins). */
  pluginsDir: string;
  /** Writes a package folder under `pluginsDir` (or `root` + `at`) from a package.json object and files. */
  write(name: string, pkg: Record<string, unknown>, files?: Record<string, string | Uint8Array>, at?: string): string;
  remove(): void;
}

export function createPluginFixtures(prefix = 'vb-plugin-host-'): PluginFixtures {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const pluginsDir = join(root, 'plugins');
  mkdirSync(pluginsDir);
  const sdk = fileURLToPath(new URL('../../plugin-sdk/', import.meta.url));
  mkdirSync(join(root, 'node_modules', '@verbatim'), { recursive: true });
  symlinkSync(sdk, join(root, 'node_modules', '@verbatim', 'plugin-sdk'), 'dir');
  return {
    root,
    pluginsDir,
    write(name, pkg, files = {}, at = 'plugins') {
      const dir = join(root, at, name);
      for (const [file, content] of Object.entries({ 'package.json': JSON.stringify(pkg, null, 2), ...files })) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), content);
      }
      return dir;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A package.json for a plugin with entry `index.js`. */
export function pluginPackage(id: string, contributes: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `verbatim-plugin-${id}`,
    version: '1.0.0',
    type: 'module',
    main: 'index.js',
    engines: { verbatim: '^1.0.0' },
    verbatim: { id, displayName: `The ${id} plugin`, description: `Test plugin ${id}.`, contributes },
    ...extra,
  };
}

/** Source of a plugin whose one post-processor `<id>.<name>` rewrites `from` (a word sequence) to `to` words. */
export function rewritePlugin(id: string, name: string, from: string, to: string): string {
  return `import { createWordEditor, definePlugin, matchPhrase } from '@verbatim/plugin-sdk';
export default definePlugin({
  activate(ctx) {
    ctx.subscriptions.push(ctx.postProcessors.register(${JSON.stringify(`${id}.${name}`)}, (words) => {
      const editor = createWordEditor(words);
      const from = ${JSON.stringify(from.split(' '))};
      for (let i = 0; i + from.length <= words.length; i++) {
        if (matchPhrase(words, i, from) && !editor.overlaps(i, i + from.length)) editor.replace(i, i + from.length, ${JSON.stringify(to.split(' '))});
      }
      return editor.result();
    }));
  },
});
`;
}
