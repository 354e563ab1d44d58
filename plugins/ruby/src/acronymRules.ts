import type { PhraseRule } from './createPhraseRewriter.ts';

/** Options of {@link acronymRules}. */
export interface AcronymOptions {
  /** Also rewrite the acronym said as one word ("ecg"); off for ones that are ordinary words. Default true. */
  word?: boolean;
  /** Also rewrite the plural ("ecgs", "e c gs" → "ECGs"). Default false. */
  plural?: boolean;
}

/**
 * Rules that write an acronym the way it is printed, whether the model spelled it letter by letter ("e c g") or as
 * one word ("ecg").
 *
 * @example
 * acronymRules('eGFR'); // say "egfr" and "e g f r", write "eGFR"
 */
export function acronymRules(acronym: string, options: AcronymOptions = {}): PhraseRule[] {
  const lower = acronym.toLowerCase();
  const letters = [...lower].join(' ');
  const rules: PhraseRule[] = [{ say: letters, write: acronym }];
  if (options.word ?? true) rules.push({ say: lower, write: acronym });
  if (options.plural) {
    rules.push({ say: `${[...lower].slice(0, -1).join(' ')} ${lower.at(-1)}s`, write: `${acronym}s` });
    if (options.word ?? true) rules.push({ say: `${lower}s`, write: `${acronym}s` });
  }
  return rules;
}
