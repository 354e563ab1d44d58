import { createTokenizer } from '../decode/createTokenizer.ts';
import { EdgeTable } from '../decode/EdgeTable.ts';
import { LanguageModelError } from './LanguageModelError.ts';
import type { WordLanguageModel } from './WordLanguageModel.ts';

/**
 * Shallow-fusion weights: score = acoustic + alpha * ln p_LM + beta * words + unkPenalty * (tokens spelled outside
 * the lexicon).
 */
export interface LanguageModelWeights {
  /** LM weight. */
  alpha: number;
  /** Bonus per word (natural log), which offsets the LM's preference for fewer words. */
  beta: number;
  /**
   * Added for each token of a word past the point where its spelling stops being a prefix of any known word: known
   * spellings win near-ties, unknown words stay possible, and an unknown word costs more the longer it is (a crude
   * spelling model, so gluing words together into one unknown never pays). Natural log, <= 0.
   */
  unkPenalty: number;
}

/** What the scorer needs from a model bundle. */
export interface ScorerBundle {
  tokens: readonly string[];
  blankId: number;
  wordBoundary: string;
}

const NO_WORD = -1;

/**
 * The language model as CTC prefix beam search uses it: a prefix lexicon over the LM's words spelled in the acoustic
 * model's tokens (which partial spellings are on the way to a known word, and which word a spelling completes), and
 * the weighted LM score of each completed word.
 *
 * A hypothesis carries two integers: its LM state (the word history) and its lexicon node (the partial word; -1 once
 * the spelling has left the lexicon).
 *
 * @example
 * const scorer = createLanguageModelScorer(bundle, lm, { alpha: 0.6, beta: 1.5, unkPenalty: -5 });
 * prefixBeamSearch(logProbs, { blankId, beam: 16, lm: scorer });
 */
export class LanguageModelScorer {
  readonly lm: WordLanguageModel;
  readonly weights: Readonly<LanguageModelWeights>;
  /** The token that ends a word (the model's word boundary). */
  readonly wordBoundaryId: number;
  /** Lexicon node of the empty word. */
  readonly root = 0;
  /** Number of lexicon nodes (a size measure). */
  readonly lexiconSize: number;
  /** The LM state after the word of the last {@link wordScore} call. */
  nextState = 0;
  readonly #edges: EdgeTable;
  readonly #wordAt: Int32Array;
  // per lexicon node: its depth in tokens (the length of the spelling so far)
  readonly #depth: Int32Array;
  // per lexicon node: alpha * the best unigram ln p of any word spelled through it
  readonly #lookahead: Float64Array;
  readonly #vocab: number;

  /** @internal Use {@link createLanguageModelScorer}. */
  constructor(lm: WordLanguageModel, wordBoundaryId: number, vocab: number, spellings: readonly (readonly number[] | null)[], weights: LanguageModelWeights) {
    this.lm = lm;
    this.weights = { ...weights };
    this.wordBoundaryId = wordBoundaryId;
    this.#vocab = vocab;
    const capacity = spellings.reduce((n, s) => n + (s?.length ?? 0), 0) + 1;
    this.#edges = new EdgeTable(capacity);
    const wordAt = new Int32Array(capacity).fill(NO_WORD);
    const depth = new Int32Array(capacity);
    let size = 1;
    spellings.forEach((spelling, word) => {
      if (spelling === null || spelling.length === 0) return;
      let node = 0;
      for (const tok of spelling) {
        const key = node * vocab + tok;
        let next = this.#edges.get(key);
        if (next < 0) {
          next = size++;
          this.#edges.set(key, next);
          depth[next] = (depth[node] as number) + 1;
        }
        node = next;
      }
      // two LM words with the same spelling: the first keeps it
      if (wordAt[node] === NO_WORD) wordAt[node] = word;
    });
    this.#wordAt = wordAt.subarray(0, size);
    this.#depth = depth.subarray(0, size);
    this.lexiconSize = size;
    // best word below each node: push every word's unigram score up its spelling
    const best = new Float64Array(size).fill(-Infinity);
    spellings.forEach((spelling, word) => {
      if (spelling === null || spelling.length === 0) return;
      const p = lm.unigramLogProb(word);
      let node = 0;
      for (const tok of spelling) {
        node = this.#edges.get(node * vocab + tok);
        if ((best[node] as number) < p) best[node] = p;
      }
    });
    best[0] = 0;
    for (let i = 0; i < size; i++) best[i] = weights.alpha * (best[i] as number);
    this.#lookahead = best;
  }

  /** The LM state at the start of an utterance. */
  get startState(): number {
    return this.lm.startState;
  }

  /** The lexicon node after spelling `token` from `node` (-1 when no known word is spelled that way). */
  next(node: number, token: number): number {
    return node < 0 ? -1 : this.#edges.get(node * this.#vocab + token);
  }

  /**
   * The cost of spelling `token` after lexicon node `from` that lands on `to` (= `next(from, token)`): 0 inside the
   * lexicon; `unkPenalty` for every token of the word so far when it leaves the lexicon, then `unkPenalty` per token.
   * An unknown word so costs `unkPenalty` per token in all, a crude spelling model that keeps gluing words together
   * into one unknown word from ever paying.
   */
  spellCost(from: number, to: number): number {
    if (to >= 0) return 0;
    return from < 0 ? this.weights.unkPenalty : this.weights.unkPenalty * ((this.#depth[from] as number) + 1);
  }

  /**
   * Look-ahead for a partial word at lexicon `node`: `alpha` times the best unigram ln p of a word it can still
   * become (0 for the empty word or a spelling outside the lexicon). Ranking hypotheses with it keeps the LM cost of
   * a word from landing all at once when the word ends, which would push good hypotheses out of the beam ("smearing").
   */
  lookahead(node: number): number {
    return node <= 0 ? 0 : (this.#lookahead[node] as number);
  }

  /**
   * The weighted score of completing the word spelled up to lexicon `node` after LM history `state`:
   * `alpha * ln p(word | history) + beta`; a spelling that is not a known word is scored as `<unk>` (its per-token
   * `unkPenalty` was charged while it was spelled). The history after it is left in {@link nextState}.
   */
  wordScore(state: number, node: number): number {
    const word = node < 0 ? NO_WORD : (this.#wordAt[node] as number);
    const { alpha, beta } = this.weights;
    const s = alpha * this.lm.score(state, word === NO_WORD ? this.lm.unkId : word) + beta;
    this.nextState = this.lm.nextState;
    return s;
  }

  /** `alpha * ln p(</s> | history)`: closes an utterance. */
  endScore(state: number): number {
    return this.weights.alpha * this.lm.score(state, this.lm.eosId);
  }
}

/**
 * The scorer of `lm` for a model bundle: every LM word that the bundle's tokens can spell goes into the prefix
 * lexicon (lower-cased when the model has no upper-case tokens, upper-cased when it has no lower-case ones).
 *
 * @throws {LanguageModelError} `vocabulary-mismatch` when the bundle has no word-boundary token or when fewer than
 *   half the LM's words can be spelled with its tokens (an LM for another alphabet); `invalid-option` for weights that
 *   are not finite or a positive `unkPenalty`.
 */
export function createLanguageModelScorer(bundle: ScorerBundle, lm: WordLanguageModel, weights: LanguageModelWeights): LanguageModelScorer {
  for (const [k, v] of Object.entries(weights)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new LanguageModelError('invalid-option', `LM weight ${k} must be a finite number, got ${v}`);
  }
  if (weights.unkPenalty > 0) throw new LanguageModelError('invalid-option', `unkPenalty must be <= 0, got ${weights.unkPenalty}`);
  const { tokens, blankId } = bundle;
  const wb = tokens.indexOf(bundle.wordBoundary);
  if (wb < 0 || wb === blankId) {
    throw new LanguageModelError('vocabulary-mismatch', `a word LM needs a word-boundary token of its own; this model's "${bundle.wordBoundary}" is not one`);
  }
  const lowerCase = !tokens.some((t, id) => id !== blankId && !/^<.*>$/.test(t) && t !== t.toLowerCase());
  const upperCase = !lowerCase && !tokens.some((t, id) => id !== blankId && !/^<.*>$/.test(t) && t !== t.toUpperCase());
  const tokenize = createTokenizer(tokens, { blankId, wordBoundaryId: wb, lowerCase, upperCase });
  let spelled = 0;
  let words = 0;
  const spellings = lm.words.map((w) => {
    if (/^<.*>$/.test(w)) return null;
    words++;
    // a word with whitespace inside cannot be one lexicon entry
    const s = /\s/.test(w) ? null : tokenize(w);
    if (s !== null) spelled++;
    return s;
  });
  if (words > 0 && spelled < words / 2) {
    throw new LanguageModelError(
      'vocabulary-mismatch',
      `only ${spelled} of the LM's ${words} words can be spelled with this model's tokens (${tokens.slice(0, 12).join(' ')} ...): the LM was built for another alphabet`,
    );
  }
  return new LanguageModelScorer(lm, wb, tokens.length, spellings, weights);
}
