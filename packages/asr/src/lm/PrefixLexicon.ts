import type { Tokenize } from '../decode/compileVocabulary.ts';
import { EdgeTable } from '../decode/EdgeTable.ts';

/** `wordAt` of a lexicon node that completes no word. */
export const NO_WORD = -1;

/**
 * A language model's words spelled in an acoustic model's tokens, as a trie: node 0 is the empty word, a node is
 * created when a spelling first reaches it (so a child's number is always above its parent's). Built once per word
 * list and token set and shared by every scorer over them (see {@link prefixLexiconFor}); never changed once built.
 */
export interface PrefixLexicon {
  /** Number of tokens (edge keys are `node * vocab + token`). */
  readonly vocab: number;
  readonly edges: EdgeTable;
  /** Number of nodes. */
  readonly size: number;
  /** Per node: the first word whose spelling ends there, or {@link NO_WORD}. */
  readonly wordAt: Int32Array;
  /** Per node: its depth in tokens. */
  readonly depth: Int32Array;
  /** Per node: its parent (-1 for the root). */
  readonly parent: Int32Array;
  /** Per word: the node its spelling ends at, or -1 (a `<...>` symbol, or a word the tokens cannot spell). */
  readonly endNode: Int32Array;
  /** Words that are not `<...>` symbols, and how many of them the tokens spell. */
  readonly counted: number;
  readonly spelled: number;
}

/**
 * Spells `words[from.endNode.length ..]` into a copy of `from` (or every word into a new lexicon). A word with
 * whitespace inside, or one the tokens cannot spell, gets no node.
 */
export function buildPrefixLexicon(words: readonly string[], tokenize: Tokenize, vocab: number, from?: PrefixLexicon): PrefixLexicon {
  const first = from?.endNode.length ?? 0;
  const spellings: (number[] | null)[] = [];
  let counted = from?.counted ?? 0;
  let spelled = from?.spelled ?? 0;
  let extra = 0;
  for (let w = first; w < words.length; w++) {
    const text = words[w] as string;
    let s: number[] | null = null;
    if (!/^<.*>$/.test(text)) {
      counted++;
      s = /\s/.test(text) ? null : tokenize(text);
      if (s !== null) {
        spelled++;
        extra += s.length;
      }
    }
    spellings.push(s);
  }
  const oldSize = from?.size ?? 1;
  const capacity = oldSize + extra;
  const edges = from ? from.edges.withRoomFor(extra) : new EdgeTable(capacity);
  const wordAt = new Int32Array(capacity).fill(NO_WORD);
  const depth = new Int32Array(capacity);
  const parent = new Int32Array(capacity);
  parent[0] = -1;
  const endNode = new Int32Array(words.length).fill(-1);
  if (from) {
    wordAt.set(from.wordAt);
    depth.set(from.depth);
    parent.set(from.parent);
    endNode.set(from.endNode);
  }
  let size = oldSize;
  spellings.forEach((spelling, i) => {
    if (spelling === null || spelling.length === 0) return;
    let node = 0;
    for (const tok of spelling) {
      const key = node * vocab + tok;
      let next = edges.get(key);
      if (next < 0) {
        next = size++;
        edges.set(key, next);
        depth[next] = (depth[node] as number) + 1;
        parent[next] = node;
      }
      node = next;
    }
    const word = first + i;
    endNode[word] = node;
    // two LM words with the same spelling: the first keeps it
    if (wordAt[node] === NO_WORD) wordAt[node] = word;
  });
  return {
    vocab,
    edges,
    size,
    wordAt: wordAt.subarray(0, size),
    depth: depth.subarray(0, size),
    parent: parent.subarray(0, size),
    endNode,
    counted,
    spelled,
  };
}

// by word list (the LM's own array), then by what spells it (tokens and case)
const cache = new WeakMap<readonly string[], Map<string, PrefixLexicon>>();

/**
 * The lexicon of `words` for a token set (`key` names it), from the cache when these very words were spelled with it
 * before. `base`: a word list that `words` starts with (an adapted LM's base words), whose lexicon is reused and only
 * the rest spelled: adapting the bundle's 80k-word LM to a few domain words then costs a copy, not a rebuild.
 */
export function prefixLexiconFor(words: readonly string[], key: string, tokenize: Tokenize, vocab: number, base?: readonly string[]): PrefixLexicon {
  let byKey = cache.get(words);
  const hit = byKey?.get(key);
  if (hit) return hit;
  const from = base !== undefined && startsWith(words, base) ? prefixLexiconFor(base, key, tokenize, vocab) : undefined;
  const lexicon = buildPrefixLexicon(words, tokenize, vocab, from);
  if (!byKey) cache.set(words, (byKey = new Map()));
  byKey.set(key, lexicon);
  return lexicon;
}

function startsWith(words: readonly string[], base: readonly string[]): boolean {
  if (base.length > words.length) return false;
  for (let i = 0; i < base.length; i++) if (words[i] !== base[i]) return false;
  return true;
}
