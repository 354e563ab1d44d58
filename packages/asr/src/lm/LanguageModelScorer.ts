import { createTokenizer } from '../decode/createTokenizer.ts';
import type { EdgeTable } from '../decode/EdgeTable.ts';
import { LanguageModelError } from './LanguageModelError.ts';
import { NO_WORD, type PrefixLexicon, prefixLexiconFor } from './PrefixLexicon.ts';
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
  // alpha * the LM's wordBonus, added wherever an ln p is
  readonly #bonus: number;

  /** @internal Use {@link createLanguageModelScorer}. */
  constructor(lm: WordLanguageModel, wordBoundaryId: number, lexicon: PrefixLexicon, weights: LanguageModelWeights) {
    this.lm = lm;
    this.weights = { ...weights };
    this.wordBoundaryId = wordBoundaryId;
    this.#vocab = lexicon.vocab;
    this.#edges = lexicon.edges;
    this.#wordAt = lexicon.wordAt;
    this.#depth = lexicon.depth;
    const size = lexicon.size;
    this.lexiconSize = size;
    // best word below each node: each word's unigram score at the node its spelling ends at, then pushed up to the
    // parents (a child's number is always above its parent's, so one pass from the last node up does it)
    const best = new Float64Array(size).fill(-Infinity);
    const { endNode, parent } = lexicon;
    for (let word = 0; word < endNode.length; word++) {
      const node = endNode[word] as number;
      if (node <= 0) continue;
      const p = lm.unigramLogProb(word);
      if ((best[node] as number) < p) best[node] = p;
    }
    for (let node = size - 1; node > 0; node--) {
      const up = parent[node] as number;
      if ((best[up] as number) < (best[node] as number)) best[up] = best[node] as number;
    }
    const bonus = lm.wordBonus ?? 0;
    this.#bonus = weights.alpha * bonus;
    for (let i = 0; i < size; i++) best[i] = weights.alpha * ((best[i] as number) + bonus);
    best[0] = 0;
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
   * become, plus the LM's `wordBonus` (0 for the empty word or a spelling outside the lexicon). Ranking hypotheses with it keeps the LM cost of
   * a word from landing all at once when the word ends, which would push good hypotheses out of the beam ("smearing").
   */
  lookahead(node: number): number {
    return node <= 0 ? 0 : (this.#lookahead[node] as number);
  }

  /**
   * The weighted score of completing the word spelled up to lexicon `node` after LM history `state`:
   * `alpha * (ln p(word | history) + wordBonus) + beta`; a spelling that is not a known word is scored as `<unk>` (its
   * per-token `unkPenalty` was charged while it was spelled). The history after it is left in {@link nextState}.
   */
  wordScore(state: number, node: number): number {
    const word = node < 0 ? NO_WORD : (this.#wordAt[node] as number);
    const { alpha, beta } = this.weights;
    const s = alpha * this.lm.score(state, word === NO_WORD ? this.lm.unkId : word) + this.#bonus + beta;
    this.nextState = this.lm.nextState;
    return s;
  }

  /** `alpha * (ln p(</s> | history) + wordBonus)`: closes an utterance. */
  endScore(state: number): number {
    return this.weights.alpha * this.lm.score(state, this.lm.eosId) + this.#bonus;
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
  // the lexicon depends on the words and on how the tokens spell them, not on the weights or the probabilities
  const key = JSON.stringify([tokens, blankId, wb, lowerCase, upperCase]);
  const lexicon = prefixLexiconFor(lm.words, key, tokenize, tokens.length, lm.baseWords);
  const { counted: words, spelled } = lexicon;
  if (words > 0 && spelled < words / 2) {
    throw new LanguageModelError(
      'vocabulary-mismatch',
      `only ${spelled} of the LM's ${words} words can be spelled with this model's tokens (${tokens.slice(0, 12).join(' ')} ...): the LM was built for another alphabet`,
    );
  }
  return new LanguageModelScorer(lm, wb, lexicon, weights);
}
