import type { NgramModel } from '@verbatim/asr';

/**
 * A sounds-like form expected more often than this in running speech (per word position) is too common to be one:
 * every time the decoder heard it, the transcript would read the vocabulary's phrase instead. 1e-5 is about once in
 * ten hours of conversation (~150 words a minute); the bundled LM puts "at" at 4e-3, "real" at 3e-4, "clinic" at
 * 1.1e-5, and "met forming" or "cardio gram" far below.
 */
export const COMMON_PHRASE_PROBABILITY = 1e-5;

/** How common a phrase is in ordinary speech, as {@link CommonPhrases} judges it. */
export interface PhraseFrequency {
  readonly common: boolean;
  /** The estimated probability of the phrase at a word position (absent where a word list judged it). */
  readonly probability?: number;
}

/** Judges whether a phrase is so common that it must not be a vocabulary entry's sounds-like form. */
export interface CommonPhrases {
  /** Where the judgement comes from, for messages: "the model's language model" or "a list of common English words". */
  readonly basis: string;
  frequency(phrase: string): PhraseFrequency;
}

/**
 * Judges by the model's own word language model: the phrase's probability is the chain of its words' n-gram
 * probabilities from no history (`ln p(w1) + ln p(w2 | w1) + …`); a phrase holding a word the LM does not know is
 * never common (its training text did not have it). This is the language the decoder itself expects, so it also
 * covers frequent words no stop-word list names ("real", "nine", "clinic").
 *
 * @example
 * const common = commonPhrasesFromLanguageModel(await loadLanguageModel(bundle));
 * common.frequency('at'); // { common: true, probability: 0.0038 }
 */
export function commonPhrasesFromLanguageModel(lm: NgramModel, threshold = COMMON_PHRASE_PROBABILITY): CommonPhrases {
  const limit = Math.log(threshold);
  return {
    basis: "the model's language model",
    frequency(phrase) {
      const words = wordsOf(phrase);
      if (words.length === 0) return { common: false };
      let logProb = 0;
      let state = 0; // the root: no history, so the first word scores as a unigram
      for (const word of words) {
        const id = lm.wordId(word);
        if (id === lm.unkId) return { common: false };
        logProb += lm.score(state, id);
        state = lm.nextState;
      }
      return { common: logProb >= limit, probability: Math.exp(logProb) };
    },
  };
}

/**
 * Judges by a short curated list of the most frequent English function words, for a model bundle without a word
 * language model: a phrase made only of such words is common. It cannot know other languages or frequent content
 * words, which is why the language model is preferred.
 */
export function commonPhrasesFromWordList(words: ReadonlySet<string> = COMMON_ENGLISH_WORDS): CommonPhrases {
  return {
    basis: 'a list of common English words',
    frequency(phrase) {
      const parts = wordsOf(phrase);
      return { common: parts.length > 0 && parts.every((word) => words.has(word)) };
    },
  };
}

function wordsOf(phrase: string): string[] {
  return phrase.toLowerCase().split(/\s+/u).filter((word) => word !== '');
}

/** The most frequent English words (function words, numbers, common verbs): what a bundle without an LM is judged by. */
export const COMMON_ENGLISH_WORDS: ReadonlySet<string> = new Set(
  `a about after all also am an and any are as at be because been before but by can could did do does down each even
  for from get go going got had has have he her here him his how i if in into is it its just know like me more most my
  no not now of off on one only or other our out over right said say see she so some than that the their them then
  there these they this those to too two three four five six seven eight nine ten up us very was way we well were what
  when where which who why will with would yeah yes you your uh um oh okay ok i'm it's don't that's can't`.split(/\s+/u),
);
