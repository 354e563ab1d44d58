import type { PhraseRule } from './createPhraseRewriter.ts';

/** Options of {@link acronymRules}. */
export interface AcronymOptions {
  /** Also rewrite the acronym said as one word ("ecg"); turn off for ones that are ordinary words ("pet"). Default true. */
  word?: boolean;
  /** Also rewrite the plural ("ecgs", "e c gs" → "ECGs"). Default false. */
  plural?: boolean;
}

/**
 * {@link createPhraseRewriter} rules that write an acronym the way it is printed, whether the speech model spelled
 * it letter by letter ("e c g") or as one word ("ecg").
 *
 * @throws {RangeError} when the acronym is not two or more letters a-z / A-Z (digits and symbols are not spoken
 *   letter by letter; write a {@link PhraseRule} for those).
 * @example
 * acronymRules('eGFR'); // say "e g f r" and "egfr", write "eGFR"
 * createPhraseRewriter([...acronymRules('RCT', { plural: true }), ...acronymRules('TIA', { word: false })]);
 */
export function acronymRules(acronym: string, options: AcronymOptions = {}): PhraseRule[] {
  if (!/^[A-Za-z]{2,}$/u.test(acronym)) throw new RangeError(`acronymRules: "${acronym}" must be two or more letters a-z or A-Z`);
  const word = options.word ?? true;
  const lower = acronym.toLowerCase();
  const letters = [...lower];
  const rules: PhraseRule[] = [{ say: letters.join(' '), write: acronym }];
  if (word) rules.push({ say: lower, write: acronym });
  if (options.plural) {
    rules.push({ say: `${letters.slice(0, -1).join(' ')} ${letters.at(-1)}s`, write: `${acronym}s` });
    if (word) rules.push({ say: `${lower}s`, write: `${acronym}s` });
  }
  return rules;
}
