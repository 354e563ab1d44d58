import { vocabularyEntryProblems } from '@verbatim/core';
import { DecodeError } from './DecodeError.ts';
import {
  DEFAULT_MAX_PHRASE_BOOST,
  DEFAULT_TOKEN_BOOST,
  VOCABULARY_LIMITS,
  type VocabularyEntry,
} from './VocabularyEntry.ts';
import { VocabularyError, type VocabularyProblem, type VocabularyProblemCode } from './VocabularyError.ts';

/** Maps one word to the model's token ids; null when it holds characters the model cannot emit. */
export type Tokenize = (text: string) => number[] | null;

/** How vocabulary text becomes token sequences. */
export interface VocabularyTokenOptions {
  tokenize: Tokenize;
  /** Number of tokens the model emits, blank included. */
  vocabSize: number;
  blankId: number;
  /** The model's word-boundary token; when given, phrases only match whole words. */
  wordBoundaryId?: number;
  /** Bonus per token for entries without `boost` (default {@link DEFAULT_TOKEN_BOOST}). */
  defaultBoost?: number;
  /** Cap on one phrase's total bonus (default {@link DEFAULT_MAX_PHRASE_BOOST}). */
  maxPhraseBoost?: number;
}

/** One spelling (the phrase or a `soundsLike`) of an entry, ready to insert into the graph. */
export interface CompiledVariant {
  entry: number;
  text: string;
  /** Token ids; with a word boundary they start and end with it. */
  tokens: number[];
  /** Bonus for each token between the outer word boundaries. */
  tokenBoost: number;
}

/** Entries with their spellings tokenised, or a {@link VocabularyError} listing every bad entry. */
export function compileVocabulary(
  entries: readonly VocabularyEntry[],
  options: VocabularyTokenOptions,
): CompiledVariant[] {
  checkOptions(options);
  if (!Array.isArray(entries)) throw new VocabularyError('invalid-entries', 'a vocabulary must be a list of entries');
  if (entries.length > VOCABULARY_LIMITS.entries) {
    throw new VocabularyError(
      'vocabulary-too-large',
      `a vocabulary may hold at most ${VOCABULARY_LIMITS.entries} entries, this one has ${entries.length}`,
    );
  }
  // the fields are checked as everywhere else; what is left to the runtime is whether the model can spell them
  const problems: VocabularyProblem[] = vocabularyEntryProblems(entries);
  const fieldProblems = new Set(problems.map((p) => p.index));
  const variants: CompiledVariant[] = [];
  let totalTokens = 0;
  entries.forEach((raw: unknown, index) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
    const entry = raw as VocabularyEntry;
    const before = problems.length;
    const report = (code: VocabularyProblemCode, reason: string) =>
      problems.push({ index, phrase: typeof entry.phrase === 'string' ? entry.phrase : '', code, reason });
    const spellings: { label: string; text: unknown }[] = [{ label: 'the phrase', text: entry.phrase }];
    if (Array.isArray(entry.soundsLike)) entry.soundsLike.forEach((text: unknown, i) => spellings.push({ label: `soundsLike[${i}]`, text }));
    const compiled: CompiledVariant[] = [];
    for (const { label, text } of spellings) {
      // a spelling the field check refused has no tokens to look up
      if (typeof text !== 'string' || text.trim() === '' || text.length > VOCABULARY_LIMITS.phraseChars) continue;
      const tokens = spell(text, options);
      if (typeof tokens === 'string') {
        report('unsupported-characters', `${label} ${JSON.stringify(text)} ${tokens}`);
        continue;
      }
      compiled.push({ entry: index, text: text.trim(), tokens, tokenBoost: 0 });
    }
    if (problems.length > before || fieldProblems.has(index)) return;
    const boost = entry.boost ?? options.defaultBoost ?? DEFAULT_TOKEN_BOOST;
    for (const v of compiled) {
      const scored = options.wordBoundaryId === undefined ? v.tokens.length : v.tokens.length - 2;
      const cap = options.maxPhraseBoost ?? DEFAULT_MAX_PHRASE_BOOST;
      v.tokenBoost = Math.min(boost, cap / scored);
      totalTokens += v.tokens.length;
      variants.push(v);
    }
  });
  if (problems.length > 0) throw VocabularyError.fromProblems(problems.sort((a, b) => a.index - b.index));
  if (totalTokens > VOCABULARY_LIMITS.totalTokens) {
    throw new VocabularyError(
      'vocabulary-too-large',
      `a vocabulary may spell out at most ${VOCABULARY_LIMITS.totalTokens} tokens in all, ` +
        `this one needs ${totalTokens}`,
    );
  }
  return variants;
}

// The token ids of a spelling, or a sentence saying why it has none.
function spell(text: string, options: VocabularyTokenOptions): number[] | string {
  const { tokenize, wordBoundaryId: wb, vocabSize, blankId } = options;
  const out: number[] = wb === undefined ? [] : [wb];
  const words = text.trim().split(/\s+/);
  for (const [i, word] of words.entries()) {
    if (i > 0 && wb !== undefined) out.push(wb);
    const ids = tokenize(word);
    if (ids === null || ids.length === 0) {
      const bad = [...new Set(Array.from(word).filter((ch) => !(tokenize(ch)?.length)))];
      return bad.length > 0
        ? `contains characters the model cannot emit: ${bad.map((ch) => JSON.stringify(ch)).join(', ')}`
        : `cannot be spelled with the model's tokens (word ${JSON.stringify(word)})`;
    }
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize || id === blankId) {
        const call = `tokenize(${JSON.stringify(word)})`;
        throw new DecodeError('invalid-option', `${call} returned ${id}, which is not an emittable token id`);
      }
      out.push(id);
    }
  }
  if (wb !== undefined) out.push(wb);
  return out;
}

function checkOptions(o: VocabularyTokenOptions): void {
  if (typeof o.tokenize !== 'function') throw new DecodeError('invalid-option', 'tokenize must be a function');
  if (!Number.isInteger(o.vocabSize) || o.vocabSize < 1) {
    throw new DecodeError('invalid-option', `vocabSize must be a positive integer, got ${o.vocabSize}`);
  }
  const isToken = (id: number) => Number.isInteger(id) && id >= 0 && id < o.vocabSize;
  if (!isToken(o.blankId)) throw new DecodeError('invalid-blank-id', `blank id ${o.blankId} is not a token id`);
  if (o.wordBoundaryId !== undefined && (!isToken(o.wordBoundaryId) || o.wordBoundaryId === o.blankId)) {
    throw new DecodeError('invalid-option', `word boundary id ${o.wordBoundaryId} is not a non-blank token id`);
  }
  for (const [name, v] of [['defaultBoost', o.defaultBoost], ['maxPhraseBoost', o.maxPhraseBoost]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) {
      throw new DecodeError('invalid-option', `${name} must be a finite number >= 0, got ${v}`);
    }
  }
}
