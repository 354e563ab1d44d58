import { API_VERSION } from './apiVersion.ts';
import type { Disposable } from './Disposable.ts';
import type { CommandHandler, PluginContext, PluginLog, VocabularySource } from './PluginContext.ts';
import type { PostProcessor } from './PostProcessor.ts';

/** What a plugin registered, by contribution id. */
export interface PluginRegistry {
  vocabularies: Map<string, VocabularySource>;
  postProcessors: Map<string, PostProcessor>;
  commands: Map<string, CommandHandler>;
}

/** A context for one plugin, the registry it fills, and the teardown. */
export interface PluginContextHandle {
  context: PluginContext;
  registry: PluginRegistry;
  /**
   * Disposes `subscriptions` (last first) and clears every registration. A subscription that throws is logged as a
   * warning and the rest are still disposed. Registering after this throws.
   */
  dispose(): Promise<void>;
}

/**
 * The {@link PluginContext} handed to a plugin's `activate`, with the registry its registrations land in. The host
 * (in the plugin's worker) and the test harness call it; plugins never do.
 *
 * Registration ids must start with `<pluginId>.`; registering an id twice throws until the first is disposed.
 *
 * @param log where `ctx.log` goes (default: `console`, prefixed with the plugin id).
 */
export function createPluginContext(pluginId: string, log?: PluginLog): PluginContextHandle {
  const registry: PluginRegistry = { vocabularies: new Map(), postProcessors: new Map(), commands: new Map() };
  const subscriptions: Disposable[] = [];
  const sink: PluginLog = log ?? {
    info: (msg) => console.info(`[plugin ${pluginId}] ${msg}`),
    warn: (msg) => console.warn(`[plugin ${pluginId}] ${msg}`),
  };
  let disposed = false;

  function registrar<T>(kind: string, map: Map<string, T>, check: (value: T) => boolean, expected: string) {
    return {
      register(id: string, value: T): Disposable {
        if (disposed) throw new Error(`plugin "${pluginId}" was deactivated; it cannot register ${kind} "${id}"`);
        if (typeof id !== 'string' || !id.startsWith(`${pluginId}.`) || id.length === pluginId.length + 1) {
          throw new TypeError(`${kind} id ${JSON.stringify(id)} must start with "${pluginId}." as declared in the manifest`);
        }
        if (!check(value)) throw new TypeError(`${kind} "${id}": expected ${expected}`);
        if (map.has(id)) throw new Error(`${kind} "${id}" is already registered`);
        map.set(id, value);
        let done = false;
        return {
          dispose() {
            if (done) return;
            done = true;
            if (map.get(id) === value) map.delete(id);
          },
        };
      },
    };
  }

  const context: PluginContext = Object.freeze({
    pluginId,
    apiVersion: API_VERSION,
    subscriptions,
    vocabularies: registrar<VocabularySource>('vocabulary', registry.vocabularies, (v) => Array.isArray(v) || typeof v === 'function', 'an array of entries or a function returning them'),
    postProcessors: registrar<PostProcessor>('post-processor', registry.postProcessors, (v) => typeof v === 'function', 'a function (words, ctx) => { words, changes }'),
    commands: registrar<CommandHandler>('command', registry.commands, (v) => typeof v === 'function', 'a function (args) => result'),
    log: Object.freeze({ info: (msg: string) => sink.info(String(msg)), warn: (msg: string) => sink.warn(String(msg)) }),
  });

  return {
    context,
    registry,
    async dispose() {
      if (disposed) return;
      disposed = true;
      for (const s of subscriptions.splice(0).reverse()) {
        try {
          s.dispose();
        } catch (error) {
          sink.warn(`a subscription threw on dispose: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      registry.vocabularies.clear();
      registry.postProcessors.clear();
      registry.commands.clear();
    },
  };
}
