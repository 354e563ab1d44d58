import type { Disposable } from './Disposable.ts';
import type { PostProcessor } from './PostProcessor.ts';
import type { VocabularyEntry } from '@verbatim/core/vocabulary';

/** A vocabulary's entries, or a function computing them (called when the host asks for the vocabulary). */
export type VocabularySource = readonly VocabularyEntry[] | (() => readonly VocabularyEntry[] | Promise<readonly VocabularyEntry[]>);

/** A command a plugin offers; `args` and the return value are plain data (structured clone). */
export type CommandHandler = (args: unknown) => unknown;

/** Where a plugin's messages go (the host tags them with the plugin id). */
export interface PluginLog {
  info(msg: string): void;
  warn(msg: string): void;
}

/**
 * Everything a plugin can reach, handed to `activate`. Ids passed to `register` are the contribution ids declared in
 * the manifest (`<pluginId>.<name>`); each registration returns a {@link Disposable}. The host disposes
 * `subscriptions` (last first) and every registration when the plugin is deactivated.
 */
export interface PluginContext {
  readonly pluginId: string;
  /** The API version of the host's SDK, e.g. `'1.0.0'`. */
  readonly apiVersion: string;
  /** Push anything that must be undone on deactivation. */
  readonly subscriptions: Disposable[];
  readonly vocabularies: { register(id: string, entries: VocabularySource): Disposable };
  readonly postProcessors: { register(id: string, fn: PostProcessor): Disposable };
  readonly commands: { register(id: string, fn: CommandHandler): Disposable };
  readonly log: PluginLog;
}
