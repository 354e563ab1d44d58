/**
 * A word or phrase the speech runtime should favour, as vocabulary files, project vocabularies and plugins declare it.
 * Check one with {@link validateVocabularyEntries} before use; the limits are {@link VOCABULARY_LIMITS}.
 *
 * @example
 * { phrase: 'metformin', soundsLike: ['met forming'], boost: 2.5 }
 * { phrase: 'active record', displayAs: 'ActiveRecord' }
 */
export interface VocabularyEntry {
  /** The words as the acoustic model spells them (whitespace separates words). */
  phrase: string;
  /** Other spellings the model tends to produce for the phrase; decoding one of them counts as the phrase. */
  soundsLike?: string[];
  /** The written form shown instead of the decoded words (e.g. `"COVID-19"` for `"covid nineteen"`). */
  displayAs?: string;
  /** Bonus per token in nats, in [{@link VOCABULARY_LIMITS}.minBoost, .maxBoost] (default {@link DEFAULT_TOKEN_BOOST}); the total per phrase is capped. */
  boost?: number;
}

/** The fields a {@link VocabularyEntry} may have; any other field is refused. */
export const VOCABULARY_ENTRY_FIELDS: readonly (keyof VocabularyEntry)[] = ['phrase', 'soundsLike', 'displayAs', 'boost'];

/** Bonus per token when an entry gives no `boost`. */
export const DEFAULT_TOKEN_BOOST = 2;

/** Limits on vocabularies, the same for vocabulary files, project vocabularies, plugins and the decoder. */
export const VOCABULARY_LIMITS = {
  /** Entries in one vocabulary. */
  entries: 100_000,
  /** Characters in a phrase, a `soundsLike` spelling or a `displayAs`. */
  phraseChars: 200,
  /** `soundsLike` spellings of one entry. */
  soundsLike: 32,
  /** Smallest and largest `boost`. */
  minBoost: 0,
  maxBoost: 20,
  /** Tokens all spellings of a vocabulary add up to once tokenised (the decoder's memory cap). */
  totalTokens: 2_000_000,
  /** Bytes of a vocabulary JSON file. */
  fileBytes: 16 * 1024 * 1024,
  /** Bytes of a domain text file. */
  domainTextBytes: 8 * 1024 * 1024,
} as const;
