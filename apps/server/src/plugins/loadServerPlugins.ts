import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { discoverPlugins, PluginHost, type DiscoveryResult, type PluginDescription, type PluginProblem } from '@verbatim/plugin-host';
import type { ServerConfig } from '../config/ServerConfig.ts';
import type { Logger } from '../http/Logger.ts';

/** What the server knows about plugins without running any: the installed ones and the refused ones. Plain data. */
export interface PluginCatalog {
  /** Valid plugins, by id. */
  readonly installed: readonly PluginDescription[];
  /** Plugins that were refused, each with a message naming it (shown to administrators). */
  readonly problems: readonly PluginProblem[];
  /** The installed plugin with this id. */
  get(id: string): PluginDescription | undefined;
  /** How many entries a static vocabulary holds (by vocabulary id); undefined for a computed one. */
  entryCount(vocabularyId: string): number | undefined;
}

/** The server's plugins: the catalog, and the one host that runs them for every job of the process. */
export interface ServerPlugins extends PluginCatalog {
  readonly host: PluginHost;
  /** Deactivates running plugins and stops their workers; resolves when they are gone. Safe to call twice. */
  dispose(): Promise<void>;
}

/** Options of {@link loadServerPlugins}. */
export interface LoadServerPluginsOptions {
  /** Where refused plugins, plugin failures and plugins' own log lines go. */
  readonly logger?: Logger;
  /** Directory package names in `config.plugins` are resolved from (default: the working directory). */
  readonly resolveFrom?: string;
}

/** The settings {@link loadServerPlugins} reads. */
export type PluginSettings = Pick<ServerConfig, 'pluginDirs' | 'plugins' | 'pluginTimeoutMs' | 'pluginMemoryMb'>;

/** A catalog without plugins (an app built without `startServer`). */
export const NO_PLUGINS: PluginCatalog = Object.freeze({
  installed: [],
  problems: [],
  get: () => undefined,
  entryCount: () => undefined,
});

/**
 * Discovers the plugins in `config.pluginDirs` and `config.plugins` once, without running their code, logs a warning
 * for every refused plugin, and makes the host that runs them (each in its own worker, started on first use, with
 * `config.pluginTimeoutMs` per call and `config.pluginMemoryMb` of heap). Never throws: a plugin problem must not
 * stop the server, so even a failed discovery only leaves it without plugins.
 *
 * @example
 * const plugins = await loadServerPlugins(config, { logger });
 * plugins.installed.map((p) => p.id); // ['medical', 'ruby', 'social']
 * await plugins.dispose();
 */
export async function loadServerPlugins(config: PluginSettings, options: LoadServerPluginsOptions = {}): Promise<ServerPlugins> {
  const { logger } = options;
  let discovery: DiscoveryResult;
  try {
    discovery = await discoverPlugins({ dirs: [...config.pluginDirs], packages: [...config.plugins], resolveFrom: options.resolveFrom ?? process.cwd() });
  } catch (error) {
    logger?.error({ err: error }, 'plugin discovery failed; the server runs without plugins');
    discovery = { plugins: [], problems: [] };
  }
  for (const problem of discovery.problems) logger?.warn({ pluginId: problem.pluginId, where: problem.where }, problem.message);
  const counts = await countEntries(discovery.plugins);
  const byId = new Map(discovery.plugins.map((p) => [p.id, p]));
  const host = new PluginHost({
    plugins: discovery.plugins,
    callTimeoutMs: config.pluginTimeoutMs,
    memoryLimitMb: config.pluginMemoryMb,
    onProblem: (problem) => logger?.warn({ pluginId: problem.pluginId, where: problem.where, code: problem.code }, problem.message),
    onLog: (pluginId, level, message) => logger?.[level]({ pluginId }, message),
  });
  if (discovery.plugins.length > 0) logger?.info({ plugins: discovery.plugins.map((p) => `${p.id}@${p.version}`) }, 'plugins installed');
  let disposing: Promise<void> | undefined;
  return {
    installed: discovery.plugins,
    problems: discovery.problems,
    host,
    get: (id) => byId.get(id),
    entryCount: (vocabularyId) => counts.get(vocabularyId),
    dispose: () => (disposing ??= host.dispose()),
  };
}

// discovery validated every static vocabulary file, so reading it again only counts; a file that changed since is left uncounted
async function countEntries(plugins: readonly PluginDescription[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const plugin of plugins) {
    for (const vocabulary of plugin.contributes.vocabularies) {
      if (vocabulary.path === undefined) continue;
      try {
        const entries: unknown = JSON.parse(await readFile(join(plugin.dir, vocabulary.path), 'utf8'));
        if (Array.isArray(entries)) counts.set(vocabulary.id, entries.length);
      } catch {
        // counted as unknown
      }
    }
  }
  return counts;
}
