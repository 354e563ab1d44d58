import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin as EsbuildPlugin } from 'esbuild';
import { PLUGIN_ENTRY_SPECIFIER, SANDBOX_ENTRY_SOURCE } from './sandboxEntrySource.ts';

/** The largest bundle a plugin may make (its code, its dependencies and the SDK). */
export const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

/** Why a plugin's code cannot be made into a sandbox bundle; the message names the import and the reason. */
export class PluginBundleError extends Error {
  override readonly name = 'PluginBundleError';
}

const HOST_DIR = dirname(fileURLToPath(import.meta.url));
const CODE_FILE = /\.(?:m|c)?js$|\.json$/;

/**
 * Makes one script of a plugin for its isolate: the sandbox entry, the plugin's entry and what it imports, and the
 * host's own `@verbatim/plugin-sdk` (the API is the host's, as VS Code provides `vscode`). Imports are resolved by
 * esbuild but may only reach JavaScript or JSON inside the plugin's package, the SDK and the packages the SDK depends
 * on, or a package the plugin declares in `dependencies`: a Node built-in, a file elsewhere (`/etc/passwd`, the server's database, its config)
 * or `@verbatim/plugin-sdk/testing` fails the bundle, so no host data is read into plugin code at build time either.
 *
 * @throws {PluginBundleError} naming what could not be bundled.
 */
export async function bundlePlugin(plugin: { id: string; dir: string; main: string }): Promise<string> {
  const roots = await allowedRoots(plugin.dir);
  const result = await build({
    stdin: { contents: SANDBOX_ENTRY_SOURCE, resolveDir: plugin.dir, sourcefile: `verbatim-sandbox:${plugin.id}`, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    target: 'es2023',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    charset: 'utf8',
    logLevel: 'silent',
    plugins: [sandboxResolver(plugin, roots)],
  }).catch((error: { errors?: { text: string }[] } & Error) => {
    const texts = [...new Set((error.errors ?? []).map((e) => e.text))];
    throw new PluginBundleError(texts.length > 0 ? texts.slice(0, 3).join('; ') : error.message);
  });
  const code = result.outputFiles[0]?.text ?? '';
  if (code.length > MAX_BUNDLE_BYTES) throw new PluginBundleError(`its code and dependencies come to ${code.length} bytes, more than the ${MAX_BUNDLE_BYTES} a plugin may have`);
  return code;
}

function sandboxResolver(plugin: { dir: string; main: string }, roots: string[]): EsbuildPlugin {
  return {
    name: 'verbatim-sandbox',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'resolving') return undefined;
        if (args.path === PLUGIN_ENTRY_SPECIFIER) return { path: await realpath(plugin.main) };
        const sdk = args.path === '@verbatim/plugin-sdk';
        if (args.path.startsWith('@verbatim/plugin-sdk/')) return refuse(`"${args.path}" is for tests and tools, not for plugin code running in the sandbox`);
        if (isBuiltin(args.path)) return refuse(`"${args.path}" is a Node built-in module: sandboxed plugins have no file system, network, processes or environment`);
        const found = await b.resolve(args.path, { kind: args.kind, resolveDir: sdk ? HOST_DIR : args.resolveDir, importer: args.importer, pluginData: 'resolving' });
        if (found.errors.length > 0) return { errors: found.errors };
        if (found.external || found.namespace !== 'file') return refuse(`"${args.path}" cannot be bundled`);
        const real = await realpath(found.path).catch(() => found.path);
        if (!roots.some((root) => real === root || real.startsWith(root + sep))) {
          return refuse(`"${args.path}" resolves to ${real}, outside the plugin's package, the SDK and the packages it declares in "dependencies"`);
        }
        if (!CODE_FILE.test(real)) return refuse(`"${args.path}" is not JavaScript or JSON; a plugin reads its data files through its manifest`);
        return { path: real };
      });
    },
  };
}

const refuse = (text: string) => ({ errors: [{ text }] });

// The plugin's package, the SDK's package, and each package the plugin declares as a dependency, as real paths.
async function allowedRoots(pluginDir: string): Promise<string[]> {
  const roots = [await realpath(pluginDir)];
  const sdk = packageDir('@verbatim/plugin-sdk', join(HOST_DIR, 'package.json'));
  if (sdk !== undefined) {
    roots.push(await realpath(sdk));
    // the SDK is the host's code, and so are the packages it is built on (the runtime-neutral core)
    for (const dep of await dependenciesOf(sdk)) {
      const dir = packageDir(dep, join(sdk, 'package.json'));
      if (dir !== undefined) roots.push(await realpath(dir));
    }
  }
  for (const dep of (await dependenciesOf(pluginDir)).filter((d) => d !== '@verbatim/plugin-sdk')) {
    const dir = packageDir(dep, join(pluginDir, 'package.json'));
    if (dir !== undefined) roots.push(await realpath(dir));
  }
  return roots;
}

async function dependenciesOf(dir: string): Promise<string[]> {
  try {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    return Object.keys(pkg.dependencies ?? {});
  } catch {
    // discovery already read a plugin's package.json; one that vanished since just means no dependencies
    return [];
  }
}

// Where Node would find the package `name` from `from` (its "exports" may hide package.json from require.resolve).
function packageDir(name: string, from: string): string | undefined {
  return (createRequire(from).resolve.paths(name) ?? []).map((p) => join(p, name)).find((p) => existsSync(join(p, 'package.json')));
}
