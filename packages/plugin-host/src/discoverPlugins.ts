import { existsSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import { API_VERSION, parseManifest, PluginManifestError } from '@verbatim/plugin-sdk';
import semver from 'semver';
import type { PluginDescription, PluginProblem } from './PluginDescription.ts';
import { ContributedFileError, readDomainText, readVocabularyFile } from './readContributedFiles.ts';

/** Options of {@link discoverPlugins}. */
export interface DiscoverPluginsOptions {
  /** Directories whose subfolders are plugin packages (a `@scope` folder is looked into one level deeper). */
  dirs: string[];
  /** Package names to resolve like `import` would from `resolveFrom`. */
  packages?: string[];
  /** Directory (or file) package names are resolved from (default: the working directory). */
  resolveFrom?: string;
}

/** Valid plugins (by id) and everything wrong with the others. */
export interface DiscoveryResult {
  plugins: PluginDescription[];
  problems: PluginProblem[];
}

interface Candidate {
  dir: string;
  /** Named in `packages`: not being a plugin is then a problem rather than a folder to skip. */
  explicit: boolean;
}

/**
 * Finds plugin packages and validates them WITHOUT running plugin code: the manifest (`parseManifest`), the
 * `engines.verbatim` range against the SDK's `API_VERSION`, the entry and every contributed file (existing, inside
 * the package, within size limits), static vocabularies (JSON array of valid entries) and domain text (UTF-8).
 * A plugin with any problem is left out and reported; two plugins with the same id are both left out.
 *
 * @example
 * const { plugins, problems } = await discoverPlugins({ dirs: ['plugins'], packages: ['@acme/verbatim-legal'] });
 * for (const p of problems) console.warn(p.message);
 * const host = new PluginHost({ plugins });
 */
export async function discoverPlugins(options: DiscoverPluginsOptions): Promise<DiscoveryResult> {
  const problems: PluginProblem[] = [];
  const candidates: Candidate[] = [];
  for (const d of options.dirs) await collectDir(resolve(d), candidates, problems);
  if (options.packages?.length) collectPackages(options.packages, resolve(options.resolveFrom ?? process.cwd()), candidates, problems);

  // the same package reached twice (a folder and a package name) is one plugin, not a duplicate
  const seen = new Map<string, Candidate>();
  for (const c of candidates) {
    const real = await realpath(c.dir).catch(() => c.dir);
    const earlier = seen.get(real);
    if (!earlier) seen.set(real, c);
    else earlier.explicit ||= c.explicit;
  }

  const described: PluginDescription[] = [];
  for (const c of seen.values()) {
    const d = await describePlugin(c, problems);
    if (d) described.push(d);
  }

  const byId = Map.groupBy(described, (d) => d.id);
  const plugins: PluginDescription[] = [];
  for (const [id, copies] of byId) {
    if (copies.length === 1) {
      plugins.push(copies[0]!);
      continue;
    }
    for (const copy of copies) {
      const others = copies.filter((o) => o !== copy).map((o) => o.dir);
      problems.push({ pluginId: id, where: copy.dir, message: `Plugin "${id}" is installed more than once (${copy.dir} and ${others.join(', ')}); none of them is loaded until only one remains.` });
    }
  }
  plugins.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { plugins, problems };
}

async function collectDir(dir: string, out: Candidate[], problems: PluginProblem[], scope = false): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    problems.push({ where: dir, message: `Plugin directory ${dir} cannot be read (${error.code ?? error.message}).` });
    return undefined;
  });
  if (!entries) return;
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.') || !(e.isDirectory() || e.isSymbolicLink())) continue;
    const sub = join(dir, e.name);
    if (!scope && e.name.startsWith('@')) {
      await collectDir(sub, out, problems, true);
      continue;
    }
    if (existsSync(join(sub, 'package.json'))) out.push({ dir: sub, explicit: false });
  }
}

function collectPackages(names: string[], from: string, out: Candidate[], problems: PluginProblem[]): void {
  // createRequire wants a file; a directory is taken as "a module inside it"
  const base = extname(from) === '' ? join(from, 'package.json') : from;
  const require = createRequire(base);
  for (const name of names) {
    // resolving `${name}/package.json` fails for packages whose "exports" hide it, so look where Node would
    const dir = (require.resolve.paths(name) ?? []).map((p) => join(p, name)).find((p) => existsSync(join(p, 'package.json')));
    if (dir) out.push({ dir, explicit: true });
    else problems.push({ where: name, message: `Plugin package ${name} is not installed (looked from ${from}).` });
  }
}

async function describePlugin(c: Candidate, problems: PluginProblem[]): Promise<PluginDescription | undefined> {
  const pkgPath = join(c.dir, 'package.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(pkgPath, 'utf8'));
  } catch (error) {
    problems.push({ where: pkgPath, message: `Package ${c.dir} has an unreadable package.json: ${(error as Error).message}` });
    return undefined;
  }
  if (!c.explicit && (typeof json !== 'object' || json === null || !('verbatim' in json))) return undefined;

  let manifest;
  try {
    manifest = parseManifest(json, pkgPath);
  } catch (error) {
    if (!(error instanceof PluginManifestError)) throw error;
    problems.push({ ...(error.pluginId === undefined ? {} : { pluginId: error.pluginId }), where: pkgPath, message: error.message });
    return undefined;
  }
  const { id } = manifest;
  const own: string[] = [];

  const range = manifest.engines.verbatim;
  if (semver.validRange(range) === null) own.push(`engines.verbatim ${JSON.stringify(range)} is not a valid semver range`);
  else if (!semver.satisfies(API_VERSION, range)) own.push(`it needs plugin API ${range} (engines.verbatim), but this host provides ${API_VERSION}`);

  let main: string | undefined;
  if (manifest.main !== undefined) {
    main = join(c.dir, manifest.main);
    const info = await stat(main).catch(() => undefined);
    if (!info?.isFile()) own.push(`its entry ${manifest.main} ("main") does not exist; build the plugin first`);
  }
  for (const v of manifest.contributes.vocabularies) {
    try {
      if (v.path !== undefined) await readVocabularyFile(c.dir, v.path);
      if (v.domainText !== undefined) await readDomainText(c.dir, v.domainText);
    } catch (error) {
      if (!(error instanceof ContributedFileError)) throw error;
      own.push(`vocabulary "${v.id}": ${error.message}`);
    }
  }
  if (own.length > 0) {
    for (const message of own) problems.push({ pluginId: id, where: pkgPath, message: `Plugin "${id}" (${c.dir}) is not loaded: ${message}.` });
    return undefined;
  }
  return {
    id,
    version: manifest.version,
    displayName: manifest.displayName,
    description: manifest.description,
    dir: c.dir,
    main,
    manifest,
    contributes: manifest.contributes,
  };
}
