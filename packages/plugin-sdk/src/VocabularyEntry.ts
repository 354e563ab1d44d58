/**
 * A word or phrase the speech runtime should favour, as a plugin contributes it.
 *
 * @example
 * { phrase: 'metformin', soundsLike: ['met forming'] }
 * { phrase: 'active record', displayAs: 'ActiveRecord', boost: 3 }
 */
export interface VocabularyEntry {
  /** The words as the acoustic model spells them: lower-case letters, apostrophes, spaces, numbers spelled out. */
  phrase: string;
  /** Other spellings the model tends to produce for the phrase; decoding one of them counts as the phrase. */
  soundsLike?: string[];
  /** The written form shown instead of the decoded words (e.g. `"COVID-19"` for `"covid nineteen"`). */
  displayAs?: string;
  /** Bonus per token in nats, in [0, 20] (the runtime's default is 2 when absent). */
  boost?: number;
}

/** Size caps on vocabularies; the host rejects anything beyond them. */
export const VOCABULARY_LIMITS = {
  /** Entries in one vocabulary. */
  entries: 100_000,
  /** Characters in a phrase. */
  phraseChars: 200,
  /** `soundsLike` variants of one entry. */
  soundsLike: 32,
  /** Smallest and largest `boost`. */
  minBoost: 0,
  maxBoost: 20,
  /** Bytes of a vocabulary JSON file. */
  fileBytes: 16 * 1024 * 1024,
  /** Bytes of a domain text file. */
  domainTextBytes: 8 * 1024 * 1024,
} as const;
