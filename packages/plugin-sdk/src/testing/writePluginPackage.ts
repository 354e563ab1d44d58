// Test support for the harness's own tests: real plugin packages in a temporary folder, importing this SDK by name.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A folder of plugin packages; `write` adds one, `remove` deletes them all. */
export interface PluginPackages {
  write(verbatim: Record<string, unknown>, files: Record<string, string>, main?: string): string;
  remove(): void;
}

/** A temporary folder whose packages resolve `@verbatim/plugin-sdk` to this package (its built `dist`). */
export function pluginPackages(prefix: string): PluginPackages {
  const root = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(root, 'node_modules', '@verbatim'), { recursive: true });
  symlinkSync(fileURLToPath(new URL('../../', import.meta.url)), join(root, 'node_modules', '@verbatim', 'plugin-sdk'), 'dir');
  let count = 0;
  return {
    write(verbatim, files, main = 'index.js') {
      const dir = join(root, `plugin-${++count}`);
      const pkg = { name: `fixture-${count}`, version: '1.0.0', type: 'module', main, engines: { verbatim: '^1.0.0' }, verbatim };
      for (const [name, text] of Object.entries({ 'package.json': JSON.stringify(pkg), ...files })) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      return dir;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
