/**
 * A word language model as the decoder sees it: words are ids into `words`, a history is an integer state.
 * Implemented by {@link NgramModel} (a backoff n-gram) and by the interpolation of a base and a domain model.
 */
export interface WordLanguageModel {
  /** Every word the model knows, by id; `<s>`, `</s>` and `<unk>` included. */
  readonly words: readonly string[];
  /**
   * Set when `words` starts with another model's word list, in the same order (an adapted model's base): what is
   * built over that list (the decoder's prefix lexicon) is reused and only the rest added.
   */
  readonly baseWords?: readonly string[];
  /** Id of the unknown-word class: what `wordId` returns for a word the model does not know. */
  readonly unkId: number;
  /** Id of the end-of-sentence word `</s>`. */
  readonly eosId: number;
  /** The state after `<s>`: the history of the first word of an utterance. */
  readonly startState: number;
  /** The id of `text`, or `unkId`. */
  wordId(text: string): number;
  /**
   * Natural-log probability of `word` after the history `state`. The history that follows (state plus word) is left
   * in `nextState`, so the hot loop allocates nothing.
   */
  score(state: number, word: number): number;
  /** Natural-log unigram probability of `word` (no history): for lexicon look-ahead. */
  unigramLogProb(word: number): number;
  /** The state after the word of the last {@link score} call. */
  readonly nextState: number;
  /**
   * ln of a factor the decoder scales each of this model's probabilities by (default 0: none). An adapted model's
   * mixture gives every word of the base only `1 - weight` of its base probability, a per-word cost the base's tuned
   * word bonus (beta) never expected; `-ln(1 - weight)` gives it back, so a word the domain does not know decodes with
   * its base probability and the domain's words gain (see `InterpolatedLanguageModel`).
   */
  readonly wordBonus?: number;
}
