import {
  createVocabularyGraph,
  VocabularyError,
  type ModelBundle,
  type VocabularyEntry,
  type VocabularyProblem,
  type VocabularyProblemCode,
} from '@verbatim/asr';
import { loadLanguageModel, loadModelBundle } from '@verbatim/asr/node';
import { type CommonPhrases, commonPhrasesFromLanguageModel, commonPhrasesFromWordList } from './commonPhrases.ts';

/**
 * One refused entry: the decoder's {@link VocabularyProblem}, or `common-sounds-like` for a sounds-like form so
 * common in ordinary speech that every occurrence would be rewritten into the phrase (`soundsLike` names it).
 */
export interface VocabularyCheckProblem {
  readonly index: number;
  readonly phrase: string;
  readonly code: VocabularyProblemCode | 'common-sounds-like';
  readonly reason: string;
  readonly soundsLike?: string;
}

/** What {@link VocabularyChecker.check} found: nothing wrong, or every refused entry and a message naming them. */
export type VocabularyCheck = { readonly ok: true } | { readonly ok: false; readonly message: string; readonly problems: readonly VocabularyCheckProblem[] };

/** Checks vocabularies against one model bundle, loaded on first use. */
export interface VocabularyChecker {
  /**
   * Compiles `entries` into the model's boosting graph, as a transcription would, and refuses sounds-like forms
   * that are common phrases.
   *
   * @throws `ModelBundleError` (or `LanguageModelError`) when the bundle cannot be loaded (the next call tries again).
   */
  check(entries: readonly VocabularyEntry[]): Promise<VocabularyCheck>;
}

interface Loaded {
  readonly bundle: ModelBundle;
  readonly common: CommonPhrases;
}

/**
 * A {@link VocabularyChecker} over the bundle in `bundleDir`: the bundle (tokens, word boundary) and its word LM are
 * read once, and each check builds the same graph the decoder would, so an entry the model cannot spell is refused
 * when it is saved, not when a job runs. A sounds-like form the LM finds common (see `commonPhrasesFromLanguageModel`;
 * a bundle without an LM falls back to a list of common English words) is refused too: "at" as a sounds-like of
 * "atrial" would turn every later "at" into "atrial".
 */
export function createVocabularyChecker(bundleDir: string): VocabularyChecker {
  let loaded: Promise<Loaded> | undefined;
  const load = async (): Promise<Loaded> => {
    const bundle = await loadModelBundle(bundleDir);
    const lm = await loadLanguageModel(bundle);
    return { bundle, common: lm === undefined ? commonPhrasesFromWordList() : commonPhrasesFromLanguageModel(lm) };
  };
  return {
    async check(entries) {
      const loading = (loaded ??= load());
      let model: Loaded;
      try {
        model = await loading;
      } catch (error) {
        // a bundle that is being installed may be there on the next request
        if (loaded === loading) loaded = undefined;
        throw error;
      }
      let problems: VocabularyCheckProblem[] = [];
      try {
        createVocabularyGraph(model.bundle, entries);
      } catch (error) {
        if (!(error instanceof VocabularyError)) throw error;
        if (error.code !== 'invalid-entries') return { ok: false, message: error.message, problems: error.problems };
        problems = [...error.problems];
      }
      problems.push(...commonSoundsLike(entries, model.common));
      if (problems.length === 0) return { ok: true };
      problems.sort((a, b) => a.index - b.index);
      return { ok: false, message: describeProblems(problems), problems };
    },
  };
}

/** The sounds-like forms of `entries` that `common` judges common, one problem each. */
export function commonSoundsLike(entries: readonly VocabularyEntry[], common: CommonPhrases): VocabularyCheckProblem[] {
  const problems: VocabularyCheckProblem[] = [];
  entries.forEach((entry, index) => {
    for (const form of entry.soundsLike ?? []) {
      if (typeof form !== 'string') continue;
      const { common: isCommon, probability } = common.frequency(form);
      if (!isCommon) continue;
      const often = probability === undefined ? '' : ` (about 1 in ${formatOneIn(probability)} words, by ${common.basis})`;
      problems.push({
        index,
        phrase: entry.phrase,
        code: 'common-sounds-like',
        soundsLike: form,
        reason:
          `${JSON.stringify(form)} is too common in ordinary speech to be a sounds-like form${often}: every ${JSON.stringify(form)} ` +
          `in later transcripts would read ${JSON.stringify(entry.displayAs ?? entry.phrase)}. Leave it out; the phrase is still boosted.`,
      });
    }
  });
  return problems;
}

function formatOneIn(probability: number): string {
  const n = 1 / probability;
  const rounded = n < 100 ? Math.round(n) : Number(n.toPrecision(2));
  return rounded.toLocaleString('en');
}

// names the refused entries, as VocabularyError.fromProblems does for the decoder's problems
function describeProblems(problems: readonly VocabularyCheckProblem[]): string {
  const entries = new Set(problems.map((p) => p.index)).size;
  const lines = problems.slice(0, 50).map((p) => `  entry ${p.index} ${JSON.stringify(p.phrase)}: ${p.reason}`);
  if (problems.length > 50) lines.push(`  ... and ${problems.length - 50} more (see error.problems)`);
  return [`${entries} vocabulary ${entries === 1 ? 'entry is' : 'entries are'} invalid:`, ...lines].join('\n');
}
