import type { ModelBundle } from '../bundle/ModelBundle.ts';
import { type ContextGraph, createContextGraph } from '../decode/contextGraph.ts';
import { createTokenizer } from '../decode/createTokenizer.ts';
import type { VocabularyEntry } from '../decode/VocabularyEntry.ts';

/**
 * The boosting graph of vocabulary entries spelled in a bundle's tokens (longest token first; lower-cased when the
 * model has no upper-case tokens, upper-cased when it has no lower-case ones; whole words when the word boundary is a token of its own). Build once, reuse for
 * many transcriptions.
 *
 * @throws {VocabularyError} listing every entry that cannot be used (bad fields, characters the model cannot emit).
 */
export function createVocabularyGraph(bundle: Pick<ModelBundle, 'tokens' | 'blankId' | 'wordBoundary'>, entries: readonly VocabularyEntry[]): ContextGraph {
  const { tokens, blankId } = bundle;
  const boundary = tokens.indexOf(bundle.wordBoundary);
  const wordBoundaryId = boundary >= 0 && boundary !== blankId ? boundary : undefined;
  const lowerCase = !tokens.some((t, id) => id !== blankId && !/^<.*>$/.test(t) && t !== t.toLowerCase());
  const upperCase = !lowerCase && !tokens.some((t, id) => id !== blankId && !/^<.*>$/.test(t) && t !== t.toUpperCase());
  return createContextGraph(entries, {
    tokenize: createTokenizer(tokens, { blankId, wordBoundaryId, lowerCase, upperCase }),
    vocabSize: tokens.length,
    blankId,
    wordBoundaryId,
  });
}
