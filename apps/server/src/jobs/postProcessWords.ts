import type { PluginProvenance, Word } from '@verbatim/core';
import type { OnPluginError, PluginHost, PluginProblem } from '@verbatim/plugin-host';
import type { WordOrigin } from '@verbatim/core/document';
import type { PluginChange } from '../plugins/PluginChangeStore.ts';

/** A recognised word after post-processing: `origin` is `plugin:<id>` on the words a plugin wrote. */
export type ProcessedWord = Word & { origin?: WordOrigin };

/** The words after the plugins' post-processors, what they changed and which plugins ran. */
export interface PostProcessedWords {
  readonly words: ProcessedWord[];
  readonly changes: PluginChange[];
  /** The plugins whose post-processors all ran, in the order they ran. */
  readonly plugins: PluginProvenance[];
}

/** Options of {@link postProcessWords}. */
export interface PostProcessWordsOptions {
  /** `skip` (default): a failing plugin is left out and reported to `onSkip`; `fail`: its `PluginError` is thrown. */
  readonly onError?: OnPluginError;
  readonly signal?: AbortSignal;
  readonly language?: string;
  readonly onSkip?: (problem: PluginProblem) => void;
}

/**
 * Runs the post-processors of the given plugins over a job's recognised words (see `PluginHost#postProcess`) and
 * returns plain words: the ones a plugin wrote carry `origin: 'plugin:<id>'`, the others are the recogniser's.
 *
 * @throws {PluginError} with `onError: 'fail'` when a plugin fails (and `disposed` whatever `onError`); the signal's
 *   reason when it aborts.
 */
export async function postProcessWords(host: PluginHost, pluginIds: readonly string[], words: readonly Word[], options: PostProcessWordsOptions = {}): Promise<PostProcessedWords> {
  const outcome = await host.postProcess(pluginIds, words, {
    onError: options.onError ?? 'skip',
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.language === undefined ? {} : { language: options.language }),
  });
  for (const problem of outcome.problems) options.onSkip?.(problem);
  return {
    words: outcome.words.map((w) => (w.origin === undefined ? { text: w.text, start: w.start, end: w.end, confidence: w.confidence } : { ...w, origin: w.origin as WordOrigin })),
    changes: outcome.changes.map((c) => ({ pluginId: c.pluginId, processorId: c.processorId, before: c.before, after: c.after, from: c.from, fromEnd: c.fromEnd, to: c.to, toEnd: c.toEnd })),
    plugins: outcome.applied.map((p) => ({ id: p.id, version: p.version })),
  };
}
