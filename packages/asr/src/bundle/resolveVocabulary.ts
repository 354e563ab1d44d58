import type { ModelDescription } from './parseModelJson.ts';
import { ModelBundleError } from './ModelBundleError.ts';

/**
 * The bundle's tokens: from model.json, from its tokens file, or from both when they agree. Checks that the blank id
 * is a token and that the word boundary appears in the vocabulary.
 */
export function resolveVocabulary(desc: ModelDescription, fileTokens: readonly string[] | undefined): readonly string[] {
  const tokens = desc.tokens ?? fileTokens;
  if (!tokens) throw new ModelBundleError('missing-field', 'model.json: no tokens', { field: 'tokens' });
  if (desc.tokens && fileTokens) {
    if (desc.tokens.length !== fileTokens.length) {
      throw new ModelBundleError('tokens-mismatch', `model.json lists ${desc.tokens.length} tokens but ${desc.tokensFile} has ${fileTokens.length}`, { field: 'tokens' });
    }
    const i = desc.tokens.findIndex((t, k) => t !== fileTokens[k]);
    if (i >= 0) {
      throw new ModelBundleError('tokens-mismatch', `model.json and ${desc.tokensFile} disagree on token ${i}: ${JSON.stringify(desc.tokens[i])} vs ${JSON.stringify(fileTokens[i])}`, { field: 'tokens' });
    }
  }
  if (desc.blankId >= tokens.length) {
    throw new ModelBundleError('blank-out-of-range', `model.json: blankId ${desc.blankId} is outside the vocabulary (ids 0..${tokens.length - 1})`, { field: 'blankId' });
  }
  if (!tokens.some((t, id) => id !== desc.blankId && t.startsWith(desc.wordBoundary))) {
    throw new ModelBundleError('word-boundary-unknown', `model.json: wordBoundary ${JSON.stringify(desc.wordBoundary)} is not a token and starts none`, { field: 'wordBoundary' });
  }
  return tokens;
}
