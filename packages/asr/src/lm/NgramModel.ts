import { LanguageModelError } from './LanguageModelError.ts';
import type { WordLanguageModel } from './WordLanguageModel.ts';

/** The tables of an {@link NgramModel}: a trie of n-grams stored level by level (the layout of the binary file). */
export interface NgramTables {
  /** Highest n-gram order. */
  order: number;
  /** Words by id; unigram node of word `i` is `1 + i`. Must contain `<s>`, `</s>` and `<unk>`. */
  words: readonly string[];
  /** levelStart[k] is the first node of order k (node 0, the root, is order 0); levelStart[order + 1] = node count. */
  levelStart: Int32Array;
  /** Last word of each node's n-gram (-1 for the root). */
  word: Int32Array;
  /** ln p(last word | the words before it), for every node but the root. */
  logProb: Float32Array;
  /** ln back-off weight of the node's n-gram used as a history (0 when it has no continuations). */
  backoff: Float32Array;
  /** Children of node i are nodes [firstChild[i], firstChild[i + 1]), sorted by word; length = nodes + 1. */
  firstChild: Int32Array;
  /** The node of the n-gram without its first word (the back-off history); the root for unigrams, -1 for the root. */
  suffix: Int32Array;
}

/**
 * A backoff word n-gram model (ARPA semantics: stored n-grams carry their probability, a history missing a
 * continuation backs off to its shorter history with a weight) held as flat typed arrays, so it loads without parsing
 * and scoring allocates nothing. A state is the trie node of the history, at most `order - 1` words long.
 *
 * Build one with `estimateNgramModel`, read one with `decodeNgramModel`.
 */
export class NgramModel implements WordLanguageModel {
  readonly order: number;
  readonly words: readonly string[];
  readonly unkId: number;
  readonly bosId: number;
  readonly eosId: number;
  readonly startState: number;
  nextState = 0;
  readonly #ids: Map<string, number>;
  readonly #t: NgramTables;
  readonly #topLevel: number;

  /** @throws {LanguageModelError} `corrupt` when the tables contradict each other. */
  constructor(tables: NgramTables) {
    checkTables(tables);
    this.#t = tables;
    this.order = tables.order;
    this.words = tables.words;
    this.#ids = new Map(tables.words.map((w, i) => [w, i]));
    this.unkId = this.#ids.get('<unk>') as number;
    this.bosId = this.#ids.get('<s>') as number;
    this.eosId = this.#ids.get('</s>') as number;
    this.startState = 1 + this.bosId;
    this.#topLevel = tables.levelStart[tables.order] as number;
  }

  /** The tables (shared, not copied): for writing the model out. */
  get tables(): NgramTables {
    return this.#t;
  }

  /** Number of n-grams of each order, unigrams first. */
  get counts(): number[] {
    const ls = this.#t.levelStart;
    return Array.from({ length: this.order }, (_, k) => (ls[k + 2] as number) - (ls[k + 1] as number));
  }

  wordId(text: string): number {
    return this.#ids.get(text) ?? this.unkId;
  }

  score(state: number, word: number): number {
    const { logProb, backoff, suffix } = this.#t;
    let acc = 0;
    let s = state;
    for (;;) {
      const c = s === 0 ? 1 + word : this.#child(s, word);
      if (c >= 0) {
        this.nextState = c >= this.#topLevel ? (suffix[c] as number) : c;
        return acc + (logProb[c] as number);
      }
      acc += backoff[s] as number;
      s = suffix[s] as number;
    }
  }

  unigramLogProb(word: number): number {
    return this.#t.logProb[1 + word] as number;
  }

  /** ln p of a whole sentence (words as text), `</s>` included: for perplexity and tests. */
  sentenceLogProb(words: readonly string[]): number {
    let state = this.startState;
    let total = 0;
    for (const w of [...words, '</s>']) {
      total += this.score(state, this.wordId(w));
      state = this.nextState;
    }
    return total;
  }

  #child(node: number, word: number): number {
    const { firstChild, word: words } = this.#t;
    let lo = firstChild[node] as number;
    let hi = (firstChild[node + 1] as number) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const w = words[mid] as number;
      if (w === word) return mid;
      if (w < word) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

function checkTables(t: NgramTables): void {
  const fail = (why: string): never => {
    throw new LanguageModelError('corrupt', `language model tables are inconsistent: ${why}`);
  };
  if (!Number.isInteger(t.order) || t.order < 1 || t.order > 9) fail(`order ${t.order}`);
  if (t.levelStart.length !== t.order + 2) fail('level table length');
  const nodes = t.levelStart[t.order + 1] as number;
  if (t.levelStart[0] !== 0 || t.levelStart[1] !== 1 || (t.levelStart[2] as number) - 1 !== t.words.length) fail('unigram level');
  for (let k = 1; k <= t.order; k++) if ((t.levelStart[k + 1] as number) < (t.levelStart[k] as number)) fail('level order');
  if (t.word.length !== nodes || t.logProb.length !== nodes || t.backoff.length !== nodes || t.suffix.length !== nodes) fail('array lengths');
  if (t.firstChild.length !== nodes + 1 || t.firstChild[nodes] !== nodes) fail('child table length');
  for (const special of ['<s>', '</s>', '<unk>']) if (!t.words.includes(special)) fail(`no ${special}`);
  const V = t.words.length;
  for (let k = 1; k <= t.order; k++) {
    const start = t.levelStart[k] as number;
    const end = t.levelStart[k + 1] as number;
    const nextStart = t.levelStart[k + 1] as number;
    const nextEnd = k < t.order ? (t.levelStart[k + 2] as number) : nodes;
    for (let i = start; i < end; i++) {
      const w = t.word[i] as number;
      if (!(w >= 0 && w < V)) fail(`node ${i} has word ${w}`);
      if (k === 1 && w !== i - 1) fail(`unigram ${i} out of place`);
      const s = t.suffix[i] as number;
      if (k === 1 ? s !== 0 : !(s >= (t.levelStart[k - 1] as number) && s < start)) fail(`node ${i} has suffix ${s}`);
      const a = t.firstChild[i] as number;
      const b = t.firstChild[i + 1] as number;
      if (a > b || a < nextStart || b > nextEnd) fail(`node ${i} has children ${a}..${b}`);
      if (!Number.isFinite(t.logProb[i]) || (t.logProb[i] as number) > 1e-4) fail(`node ${i} has log-prob ${t.logProb[i]}`);
      if (!Number.isFinite(t.backoff[i])) fail(`node ${i} has back-off ${t.backoff[i]}`);
      for (let c = a + 1; c < b; c++) if ((t.word[c] as number) <= (t.word[c - 1] as number)) fail(`children of ${i} unsorted`);
    }
  }
  if (t.firstChild[0] !== 1 || t.firstChild[1] !== t.levelStart[2]) fail('root children');
}
