import type { Tokenize } from './compileVocabulary.ts';

/** Options for {@link createTokenizer}. */
export interface TokenizerOptions {
  blankId: number;
  /** The word-boundary token (e.g. the id of "▁"): whitespace maps to it, and it is never matched as text. */
  wordBoundaryId?: number;
  /** Lower-case the text first (default true), for models whose tokens are lower case. */
  lowerCase?: boolean;
  /** Upper-case the text first (default false; wins over `lowerCase`), for models whose letters are all upper case, as many wav2vec2 exports. */
  upperCase?: boolean;
}

/**
 * Spells text with a model's token list (from the bundle's `tokens`), longest token first, so it serves character
 * models and simple piece vocabularies alike. Blank, the word boundary and `<...>` symbols are never matched; a
 * character no token covers makes the result null.
 *
 * @example
 * const wordBoundaryId = model.tokens.indexOf(model.wordBoundary);
 * const tokenize = createTokenizer(model.tokens, { blankId: model.blankId, wordBoundaryId });
 * tokenize('Okay'); // [15, 11, 1, 25]
 */
export function createTokenizer(tokens: readonly string[], options: TokenizerOptions): Tokenize {
  const ids = new Map<string, number>();
  let longest = 0;
  tokens.forEach((tok, id) => {
    if (id === options.blankId || id === options.wordBoundaryId || tok === '' || /^<.*>$/.test(tok)) return;
    if (!ids.has(tok)) ids.set(tok, id);
    longest = Math.max(longest, tok.length);
  });
  const lowerCase = options.lowerCase ?? true;
  const wb = options.wordBoundaryId;
  return (text) => {
    let s = text.normalize('NFC').trim();
    if (options.upperCase) s = s.toUpperCase();
    else if (lowerCase) s = s.toLowerCase();
    const out: number[] = [];
    for (let i = 0; i < s.length; ) {
      if (/\s/.test(s[i] as string)) {
        if (wb === undefined) return null;
        if (out[out.length - 1] !== wb) out.push(wb);
        i++;
        continue;
      }
      let id: number | undefined;
      let len = Math.min(longest, s.length - i);
      for (; len > 0; len--) {
        id = ids.get(s.slice(i, i + len));
        if (id !== undefined) break;
      }
      if (id === undefined) return null;
      out.push(id);
      i += len;
    }
    return out;
  };
}
