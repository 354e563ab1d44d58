import type { PluginWord, VocabularyEntry } from '@verbatim/plugin-sdk';
import type { AttributedChange } from './mergePostProcessResult.ts';
import type { PluginDescription, PluginProblem } from './PluginDescription.ts';

/** Options of `PluginHost`. */
export interface PluginHostOptions {
  /** The plugins it may run (from `discoverPlugins`); ids must be unique. */
  plugins: readonly PluginDescription[];
  /** Time limit of one call into a plugin (default 5000 ms); past it the plugin's sandbox is stopped. */
  callTimeoutMs?: number;
  /** Time limit for loading and activating a plugin (default 10000 ms). */
  activationTimeoutMs?: number;
  /**
   * Memory limit of each plugin's isolate (default 256 MB): its V8 heap and the array buffers it allocates. isolated-vm
   * calls it a guideline a determined allocator may pass by 2-3x before it is stopped; the sandbox process around
   * the isolate adds its own heap of at most 128 MB.
   */
  memoryLimitMb?: number;
  /** How long `dispose` lets each plugin's `deactivate` run before terminating it (default 2000 ms). */
  deactivationTimeoutMs?: number;
  /** Told about every plugin problem, including sandboxes that die between calls (default: `console.warn`). */
  onProblem?: (problem: PluginProblem) => void;
  /** Where plugins' `ctx.log` goes (default: `console`, prefixed with the plugin id). */
  onLog?: (pluginId: string, level: 'info' | 'warn', message: string) => void;
}

/** What to do when a plugin fails: leave it out and report it (`skip`), or throw its {@link PluginError} (`fail`). */
export type OnPluginError = 'skip' | 'fail';

/** Options of `PluginHost.postProcess`. */
export interface PostProcessOptions {
  /** BCP 47 language of the words (default `'en'`). */
  language?: string;
  /** Aborting rejects at once with the signal's reason and stops the sandbox of the plugin running. */
  signal?: AbortSignal;
  /** Default `'skip'`. */
  onError?: OnPluginError;
}

/** The words after every post-processor, what each changed, which plugins ran, and which failed. */
export interface PostProcessOutcome {
  words: PluginWord[];
  /**
   * Every change in the order made. A change's `from`/`fromEnd` index the words its post-processor was given and
   * `to`/`toEnd` the words it returned, so applying them in order replays the whole run.
   */
  changes: AttributedChange[];
  /** Plugins whose post-processors all ran (for the transcript's provenance), in the order they ran. */
  applied: { id: string; version: string }[];
  /** Plugins that failed and were skipped. */
  problems: PluginProblem[];
}

/** Options of `PluginHost.vocabularies`. */
export interface VocabulariesOptions {
  signal?: AbortSignal;
  /** Default `'fail'`; with `'skip'` a failing vocabulary is left out and reported to `onProblem`. */
  onError?: OnPluginError;
}

/** One contributed vocabulary, ready for the speech runtime. */
export interface PluginVocabulary {
  pluginId: string;
  version: string;
  /** The contribution id, e.g. `medical.terms`. */
  id: string;
  entries: VocabularyEntry[];
  /** Domain sentences (one per line) for language-model adaptation, when the vocabulary declares them. */
  domainText?: string;
}
