/** A recognised word as post-processors see it (seconds; confidence in [0,1]; origin e.g. 'asr', 'plugin:medical'). */
export interface PluginWord {
  text: string;
  /** Start time in seconds. */
  start: number;
  /** End time in seconds (not before `start`). */
  end: number;
  /** Probability that the word is right, in [0, 1]. */
  confidence: number;
  /** Who produced the word: `'asr'`, `'plugin:<id>'`, a person... The host sets it on words a plugin changed. */
  origin?: string;
}

/**
 * One edit a post-processor made: input words [from, fromEnd) became output words [to, toEnd). An insertion has
 * `from === fromEnd`, a deletion `to === toEnd`. `before` and `after` are the texts of those words joined by spaces.
 */
export interface WordChange {
  from: number;
  fromEnd: number;
  to: number;
  toEnd: number;
  before: string;
  after: string;
}

/** What a post-processor returns: every output word, and a record of every edit that turned the input into them. */
export interface PostProcessResult {
  words: PluginWord[];
  changes: WordChange[];
}
