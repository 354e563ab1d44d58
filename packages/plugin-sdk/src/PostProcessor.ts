import type { PluginWord, PostProcessResult } from './PluginWord.ts';

/** What a post-processor is told about the call besides the words. */
export interface PostProcessContext {
  /** BCP 47 language of the transcript, e.g. `'en'`. */
  language: string;
  /** Aborted when the host gives up on the call; long-running work should check it. */
  signal: AbortSignal;
}

/**
 * Maps words to words and records what it changed. It must not mutate its input, must keep words outside its
 * changes exactly as they came in, and should be idempotent (running it on its own output changes nothing).
 * {@link createWordEditor} does the bookkeeping.
 */
export type PostProcessor = (words: readonly PluginWord[], ctx: PostProcessContext) => PostProcessResult | Promise<PostProcessResult>;
