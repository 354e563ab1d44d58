import type { DecodedToken } from '../decode/types.ts';
import type { WordBundle } from './wordsFromHypothesis.ts';

const SPECIAL = /^<.+>$/;

/** One word of a decoded token sequence, before vocabulary display forms: its text and its tokens' frames. */
export interface WordDraft {
  text: string;
  /** [start, end) frames of each of its tokens, flattened: start0, end0, start1, end1, … */
  spans: number[];
  /** Its tokens' ids, one per span. */
  ids: number[];
}

/**
 * The words of decoded tokens, split at the word-boundary token (or where a piece starts with it); the blank and
 * control symbols like `<unk>` are not text; pieces are lower-cased when the bundle's `textCase` is `lower`.
 */
export function wordDrafts(tokens: readonly DecodedToken[], bundle: Pick<WordBundle, 'tokens' | 'blankId' | 'wordBoundary' | 'textCase'>): WordDraft[] {
  const { tokens: symbols, wordBoundary, blankId } = bundle;
  const drafts: WordDraft[] = [];
  let cur: WordDraft | undefined;
  const lower = bundle.textCase === 'lower';
  for (const tok of tokens) {
    const sym = symbols[tok.id] ?? '';
    // the blank and control symbols (<unk>, <s>, </s>) are not text
    if (tok.id === blankId || SPECIAL.test(sym)) continue;
    let piece = sym;
    if (sym.startsWith(wordBoundary)) {
      cur = undefined;
      piece = sym.slice(wordBoundary.length);
      if (piece === '') continue;
    }
    if (!cur) {
      cur = { text: '', spans: [], ids: [] };
      drafts.push(cur);
    }
    cur.text += lower ? piece.toLowerCase() : piece;
    cur.spans.push(tok.start, tok.end);
    cur.ids.push(tok.id);
  }
  return drafts;
}
