import { compileVocabulary, type Tokenize, type VocabularyTokenOptions } from './compileVocabulary.ts';
import { EdgeTable } from './EdgeTable.ts';
import type { VocabularyEntry } from './VocabularyEntry.ts';

/** Options for {@link createContextGraph}: how to spell vocabulary text in the model's tokens, and the bonuses. */
export type ContextGraphOptions = VocabularyTokenOptions;

/** A vocabulary spelling found in a token sequence: tokens [start, end) spell `text` of entry `entry`. */
export interface PhraseMatch {
  /** Index of the entry in the list the graph was built from. */
  entry: number;
  /** The spelling that matched (the phrase or one of its `soundsLike`). */
  text: string;
  /** What to show for it: the entry's `displayAs`, else its phrase. */
  display: string;
  start: number;
  end: number;
}

// Above this many (state x token) cells the full transition table is not built and steps follow fail links.
const DENSE_CELLS = 4_000_000;
const ROOT = 0;

/**
 * Vocabulary boosting for CTC beam search, after sherpa-onnx's and icefall's ContextGraph: an Aho-Corasick automaton
 * over the token sequences of every phrase and `soundsLike` spelling.
 *
 * A hypothesis carries a state. Each token that goes one step deeper into a phrase earns that phrase's per-token
 * bonus provisionally; when the hypothesis leaves the phrase before its end, that provisional bonus is taken back;
 * when it completes a phrase the bonus is kept and the state continues from the longest suffix that is still a phrase
 * prefix (the fail link), so overlapping phrases and back-to-back phrases match. Every occurrence of every phrase is
 * paid once.
 *
 * Whole words: when the model has a word-boundary token, each spelling is stored with a boundary before and after it
 * (those two tokens earn nothing), hypotheses start in the state after a boundary and {@link ContextGraph.finish}
 * feeds a final boundary, so "cat" matches "the cat sat" and "cat" but never "cats" or "concat".
 *
 * Build one with {@link createContextGraph}.
 */
export class ContextGraph {
  /** The entries the graph was built from. */
  readonly entries: readonly VocabularyEntry[];
  /** The state of a hypothesis that has emitted nothing yet. */
  readonly start: number;
  /** The word-boundary token the graph was built with, if any. */
  readonly wordBoundaryId: number | undefined;
  readonly #tokenize: Tokenize;
  readonly #vocab: number;
  readonly #wordBoundary: number;
  readonly #edges: EdgeTable;
  readonly #dense: Int32Array | undefined;
  readonly #fail: Int32Array;
  // Per state: the provisional bonus a hypothesis in it holds, and the bonus of the phrases completed on entering it.
  readonly #pending: Float64Array;
  readonly #payout: Float64Array;
  readonly #endVariant: Int32Array;
  readonly #outLink: Int32Array;
  readonly #length: Int32Array;
  readonly #variantText: readonly string[];
  readonly #variantEntry: Int32Array;

  /** @internal Use {@link createContextGraph}. */
  constructor(entries: readonly VocabularyEntry[], options: ContextGraphOptions) {
    const variants = compileVocabulary(entries, options);
    // A copy, so later changes to the caller's objects cannot change what matches display.
    this.entries = entries.map((e) => ({ ...e }));
    const V = options.vocabSize;
    const wb = options.wordBoundaryId ?? -1;
    this.#vocab = V;
    this.#wordBoundary = wb;
    this.wordBoundaryId = options.wordBoundaryId;
    this.#tokenize = options.tokenize;
    this.#variantText = variants.map((v) => v.text);
    this.#variantEntry = Int32Array.from(variants, (v) => v.entry);

    const capacity = variants.reduce((n, v) => n + v.tokens.length, 0) + 1;
    const edges = new EdgeTable(capacity);
    const token = new Int32Array(capacity);
    const firstChild = new Int32Array(capacity).fill(-1);
    const nextSibling = new Int32Array(capacity).fill(-1);
    const stepBoost = new Float64Array(capacity);
    const endVariant = new Int32Array(capacity).fill(-1);
    const endBonus = new Float64Array(capacity);
    const length = new Int32Array(capacity);
    let nodes = 1;
    variants.forEach((v, vi) => {
      let s = ROOT;
      const last = v.tokens.length - 1;
      v.tokens.forEach((c, i) => {
        let child = edges.get(s * V + c);
        if (child < 0) {
          child = nodes++;
          edges.set(s * V + c, child);
          token[child] = c;
          length[child] = (length[s] as number) + 1;
          nextSibling[child] = firstChild[s] as number;
          firstChild[s] = child;
        }
        const outer = wb >= 0 && (i === 0 || i === last);
        if (!outer) stepBoost[child] = Math.max(stepBoost[child] as number, v.tokenBoost);
        s = child;
      });
      const scored = wb >= 0 ? v.tokens.length - 2 : v.tokens.length;
      if ((endVariant[s] as number) < 0) endVariant[s] = vi;
      endBonus[s] = Math.max(endBonus[s] as number, v.tokenBoost * scored);
    });
    this.#edges = edges;

    // Breadth-first, so a node's fail target (always shallower) is finished before the node itself.
    const order = new Int32Array(nodes);
    const fail = new Int32Array(nodes);
    const reached = new Float64Array(nodes);
    const banked = new Float64Array(nodes);
    const pending = new Float64Array(nodes);
    const payout = new Float64Array(nodes);
    const outLink = new Int32Array(nodes).fill(-1);
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const u = order[head++] as number;
      for (let v = firstChild[u] as number; v >= 0; v = nextSibling[v] as number) {
        order[tail++] = v;
        const c = token[v] as number;
        let f = ROOT;
        if (u !== ROOT) {
          for (f = fail[u] as number; ; f = fail[f] as number) {
            const g = edges.get(f * V + c);
            if (g >= 0) {
              f = g;
              break;
            }
            if (f === ROOT) break;
          }
        }
        fail[v] = f;
        const isEnd = (endVariant[v] as number) >= 0;
        reached[v] = (reached[u] as number) + (stepBoost[v] as number);
        banked[v] = (endVariant[u] as number) >= 0 ? (reached[u] as number) : (banked[u] as number);
        pending[v] = isEnd ? 0 : (reached[v] as number) - (banked[v] as number);
        payout[v] = (isEnd ? (endBonus[v] as number) : 0) + (payout[f] as number);
        outLink[v] = (endVariant[f] as number) >= 0 ? f : (outLink[f] as number);
      }
    }
    this.#fail = fail;
    this.#pending = pending;
    this.#payout = payout;
    this.#outLink = outLink;
    this.#endVariant = endVariant.subarray(0, nodes);
    this.#length = length.subarray(0, nodes);

    if (nodes * V <= DENSE_CELLS) {
      const dense = new Int32Array(nodes * V);
      for (const u of order) {
        for (let c = 0; c < V; c++) {
          const child = edges.get(u * V + c);
          dense[u * V + c] = child >= 0 ? child : u === ROOT ? ROOT : (dense[(fail[u] as number) * V + c] as number);
        }
      }
      this.#dense = dense;
    }
    this.start = wb >= 0 ? this.next(ROOT, wb) : ROOT;
  }

  /** Number of tokens the model emits (blank included), as the graph was built for. */
  get vocabSize(): number {
    return this.#vocab;
  }

  /** One word in the model's tokens, with the `tokenize` function the graph was built with. */
  spell(word: string): number[] | null {
    return this.#tokenize(word);
  }

  /** Number of automaton states (1 for an empty vocabulary). */
  get size(): number {
    return this.#fail.length;
  }

  /** The state after `state` emits `token` (a non-blank token id). */
  next(state: number, token: number): number {
    const dense = this.#dense;
    if (dense !== undefined) return dense[state * this.#vocab + token] as number;
    for (let s = state; ; s = this.#fail[s] as number) {
      const child = this.#edges.get(s * this.#vocab + token);
      if (child >= 0) return child;
      if (s === ROOT) return ROOT;
    }
  }

  /**
   * The change in a hypothesis's bonus when it moves from state `from` to `to` (as {@link next} returned): the
   * provisional bonus gained or taken back, plus the full bonus of every phrase completed by the move.
   */
  gain(from: number, to: number): number {
    return (this.#payout[to] as number) + (this.#pending[to] as number) - (this.#pending[from] as number);
  }

  /**
   * The change in bonus when the hypothesis in `state` ends: a final word boundary completes any phrase at the end,
   * and whatever is still provisional is taken back, so the hypothesis keeps exactly the bonus of its completed
   * phrases.
   */
  finish(state: number): number {
    const completed = this.#wordBoundary >= 0 ? (this.#payout[this.next(state, this.#wordBoundary)] as number) : 0;
    return completed - (this.#pending[state] as number);
  }

  /**
   * Every place in `tokens` (decoded token ids, no blanks) where a phrase or `soundsLike` spelling is decoded as
   * whole words, leftmost first; where matches overlap the longest wins. Ids outside the vocabulary (e.g. -1) break
   * any match across them.
   */
  matches(tokens: ArrayLike<number>): PhraseMatch[] {
    const wb = this.#wordBoundary;
    const n = tokens.length;
    const found: PhraseMatch[] = [];
    let s = this.start;
    for (let i = 0; i <= n; i++) {
      if (i === n && wb < 0) break;
      const c = i < n ? (tokens[i] as number) : wb;
      if (!(Number.isInteger(c) && c >= 0 && c < this.#vocab)) {
        s = ROOT;
        continue;
      }
      s = this.next(s, c);
      for (let e = (this.#endVariant[s] as number) >= 0 ? s : (this.#outLink[s] as number); e >= 0; ) {
        const len = this.#length[e] as number;
        const start = wb >= 0 ? i - len + 2 : i - len + 1;
        const variant = this.#endVariant[e] as number;
        const entry = this.#variantEntry[variant] as number;
        const info = this.entries[entry] as VocabularyEntry;
        found.push({
          entry,
          text: this.#variantText[variant] as string,
          display: info.displayAs ?? info.phrase.trim(),
          start,
          end: wb >= 0 ? i : i + 1,
        });
        e = this.#outLink[e] as number;
      }
    }
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const chosen: PhraseMatch[] = [];
    let reach = 0;
    for (const m of found) {
      if (m.start >= reach) {
        chosen.push(m);
        reach = m.end;
      }
    }
    return chosen;
  }
}

/**
 * Builds the boosting graph for a vocabulary.
 *
 * @throws {VocabularyError} listing every bad entry (empty phrase, characters the model cannot emit, a negative or
 *   non-finite boost, ...), or when the vocabulary exceeds the size caps.
 * @example
 * const graph = createContextGraph([{ phrase: 'metformin', soundsLike: ['met forming'] }], {
 *   tokenize, vocabSize: 29, blankId: 28, wordBoundaryId: 0,
 * });
 * const [best] = prefixBeamSearch(logProbs, { blankId: 28, boosting: graph });
 */
export function createContextGraph(entries: readonly VocabularyEntry[], options: ContextGraphOptions): ContextGraph {
  return new ContextGraph(entries, options);
}
