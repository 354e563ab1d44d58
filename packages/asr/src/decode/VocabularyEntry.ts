/**
 * A word or phrase the decoder should favour, as plugins and vocabulary files declare it.
 *
 * @example
 * { phrase: 'metformin', soundsLike: ['met forming'], boost: 2.5 }
 * { phrase: 'rails', displayAs: 'Rails' }
 */
export interface VocabularyEntry {
  /** The words as the model would spell them (whitespace separates words). */
  phrase: string;
  /** Other spellings the model tends to produce for it; decoding one of them is boosted like the phrase itself. */
  soundsLike?: string[];
  /** Text shown instead of the decoded words when the phrase or a `soundsLike` variant is decoded. */
  displayAs?: string;
  /** Bonus in nats for each token of the phrase (default 2); the total per phrase is capped. */
  boost?: number;
}

/** Bonus per token when an entry gives no `boost`. */
export const DEFAULT_TOKEN_BOOST = 2;
/** Cap on the bonus one phrase can earn, whatever its length and `boost`. */
export const DEFAULT_MAX_PHRASE_BOOST = 20;

/** Size caps that keep a vocabulary from exhausting memory. */
export const VOCABULARY_LIMITS = {
  entries: 100_000,
  phraseChars: 200,
  soundsLike: 32,
  totalTokens: 2_000_000,
} as const;
