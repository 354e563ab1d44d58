import type { VocabularyEntry } from '../decode/VocabularyEntry.ts';
import { estimateNgramModel } from './estimateNgramModel.ts';
import { InterpolatedLanguageModel } from './InterpolatedLanguageModel.ts';
import { normalizeDomainText } from './normalizeDomainText.ts';
import type { WordLanguageModel } from './WordLanguageModel.ts';

/** What a project and its plugins teach the language model. */
export interface DomainInput {
  /** Domain sentences (any casing and punctuation; see `normalizeDomainText`). */
  texts?: readonly string[];
  /** Vocabulary entries: each phrase and each `soundsLike` spelling becomes a sentence of the domain text. */
  vocabulary?: readonly VocabularyEntry[];
}

/** Options for {@link adaptLanguageModel}. */
export interface AdaptOptions {
  /** Interpolation weight of the domain model (default 0.25). */
  weight?: number;
  /** Order of the domain model (default 3). */
  order?: number;
  signal?: AbortSignal;
}

/**
 * The base model adapted to a domain without rebuilding it: a small Kneser-Ney model of the domain text and
 * vocabulary, linearly interpolated with the base. Returns the base itself when the domain input has no usable word.
 *
 * Vocabulary entries go in as text, so their words become known (the prefix lexicon spells them) and their phrasing
 * probable; a caller that adapts with a vocabulary should not also boost it (see `TranscribeOptions.lm`).
 *
 * @example
 * const lm = adaptLanguageModel(base, { texts: [pluginSentences], vocabulary: project.vocabulary });
 */
export function adaptLanguageModel(base: WordLanguageModel, domain: DomainInput, options: AdaptOptions = {}): WordLanguageModel {
  const lines = [...(domain.texts ?? [])];
  for (const e of domain.vocabulary ?? []) {
    if (typeof e?.phrase === 'string') lines.push(e.phrase);
    for (const s of Array.isArray(e?.soundsLike) ? e.soundsLike : []) if (typeof s === 'string') lines.push(s);
  }
  const sentences = normalizeDomainText(lines);
  if (sentences.length === 0) return base;
  const model = estimateNgramModel(sentences, { order: options.order ?? 3, ...(options.signal ? { signal: options.signal } : {}) });
  return new InterpolatedLanguageModel(base, model, options.weight ?? 0.25);
}
