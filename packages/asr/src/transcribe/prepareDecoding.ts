import type { ModelBundle } from '../bundle/ModelBundle.ts';
import type { ContextGraph } from '../decode/contextGraph.ts';
import type { VocabularyEntry } from '../decode/VocabularyEntry.ts';
import { adaptLanguageModel } from '../lm/adaptLanguageModel.ts';
import { createLanguageModelScorer, type LanguageModelScorer } from '../lm/LanguageModelScorer.ts';
import type { WordLanguageModel } from '../lm/WordLanguageModel.ts';
import { createVocabularyGraph } from './createVocabularyGraph.ts';
import { TranscribeError } from './TranscribeError.ts';

/** Which word language model decodes: none, the bundle's, or the bundle's adapted to the job's domain. */
export type LanguageModelMode = 'off' | 'base' | 'adapted';

/** Options for {@link prepareDecoding}. */
export interface PrepareDecodingOptions {
  /** Default: `adapted` when a base LM is given, else `off`. */
  lm?: LanguageModelMode;
  /** The bundle's LM (`loadLanguageModel(bundle)`); needed unless `lm` is `off`. */
  baseLm?: WordLanguageModel;
  /** The project's and the plugins' vocabulary. */
  vocabulary?: readonly VocabularyEntry[];
  /** Domain sentences (plugins' domain text, a project's own text) for `adapted`. */
  domainText?: readonly string[];
  signal?: AbortSignal;
}

/** What `transcribeStream` decodes with: a boosting / display graph and an LM scorer, each optional. */
export interface Decoding {
  vocabulary: ContextGraph | undefined;
  languageModel: LanguageModelScorer | undefined;
  mode: LanguageModelMode;
}

/**
 * Puts a job's vocabulary and domain text where each belongs, so no phrase is counted twice:
 * - `off`: the vocabulary is a boosting graph (as without an LM);
 * - `base`: the bundle's LM, and the vocabulary boosts as before (the base LM has never seen it);
 * - `adapted`: the vocabulary and domain text adapt the LM (their words join the lexicon, their phrasing gains
 *   probability) and the graph keeps the entries only to show their `displayAs` forms, with no bonus.
 *
 * Build once per vocabulary / domain and reuse for many jobs.
 *
 * @throws {TranscribeError} `invalid-option` when an LM is asked for and the bundle has none.
 * @throws {VocabularyError} for unusable vocabulary entries; {@link LanguageModelError} for an LM that does not fit.
 */
export function prepareDecoding(bundle: ModelBundle, options: PrepareDecodingOptions): Decoding {
  const mode = options.lm ?? (options.baseLm ? 'adapted' : 'off');
  if (mode !== 'off' && mode !== 'base' && mode !== 'adapted') {
    throw new TranscribeError('invalid-option', `lm must be "off", "base" or "adapted", got ${JSON.stringify(mode)}`);
  }
  const entries = options.vocabulary ?? [];
  if (mode === 'off') {
    return { vocabulary: entries.length ? createVocabularyGraph(bundle, entries) : undefined, languageModel: undefined, mode };
  }
  if (options.baseLm === undefined || bundle.lm === undefined) {
    throw new TranscribeError('invalid-option', `lm "${mode}" needs a language model, and bundle ${bundle.id} ${bundle.version} has none (use lm "off")`);
  }
  const weights = { alpha: bundle.lm.alpha, beta: bundle.lm.beta, unkPenalty: bundle.lm.unkPenalty };
  if (mode === 'base') {
    return {
      vocabulary: entries.length ? createVocabularyGraph(bundle, entries) : undefined,
      languageModel: createLanguageModelScorer(bundle, options.baseLm, weights),
      mode,
    };
  }
  // checked as given first (a bad boost is still an error), then kept only for display: the LM carries the bias
  if (entries.length) createVocabularyGraph(bundle, entries);
  const vocabulary = entries.length ? createVocabularyGraph(bundle, entries.map((e) => ({ ...e, boost: 0 }))) : undefined;
  const lm = adaptLanguageModel(
    options.baseLm,
    { texts: options.domainText ?? [], vocabulary: entries },
    { weight: bundle.lm.adaptationWeight, ...(options.signal ? { signal: options.signal } : {}) },
  );
  return { vocabulary, languageModel: createLanguageModelScorer(bundle, lm, weights), mode };
}
