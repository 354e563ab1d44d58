import { createVocabularyGraph, loadModelBundle, VocabularyError, type ModelBundle, type VocabularyEntry, type VocabularyProblem } from '@verbatim/asr';

/** What {@link VocabularyChecker.check} found: nothing wrong, or every refused entry and a message naming them. */
export type VocabularyCheck = { readonly ok: true } | { readonly ok: false; readonly message: string; readonly problems: readonly VocabularyProblem[] };

/** Checks vocabularies against one model bundle, loaded on first use. */
export interface VocabularyChecker {
  /**
   * Compiles `entries` into the model's boosting graph, as a transcription would.
   *
   * @throws `ModelBundleError` when the bundle cannot be loaded (the next call tries again).
   */
  check(entries: readonly VocabularyEntry[]): Promise<VocabularyCheck>;
}

/**
 * A {@link VocabularyChecker} over the bundle in `bundleDir`: the bundle (tokens, word boundary) is read once, and
 * each check builds the same graph the decoder would, so an entry the model cannot spell is refused when it is saved,
 * not when a job runs.
 */
export function createVocabularyChecker(bundleDir: string): VocabularyChecker {
  let bundle: Promise<ModelBundle> | undefined;
  return {
    async check(entries) {
      const loading = (bundle ??= loadModelBundle(bundleDir));
      let loaded: ModelBundle;
      try {
        loaded = await loading;
      } catch (error) {
        // a bundle that is being installed may be there on the next request
        if (bundle === loading) bundle = undefined;
        throw error;
      }
      try {
        createVocabularyGraph(loaded, entries);
        return { ok: true };
      } catch (error) {
        if (error instanceof VocabularyError) return { ok: false, message: error.message, problems: error.problems };
        throw error;
      }
    },
  };
}
