/** Caps that keep hostile domain text from costing more than a moment. */
export const DOMAIN_TEXT_LIMITS = {
  /** Characters read from all domain text together; the rest is ignored. */
  totalChars: 8 * 1024 * 1024,
  /** Words per sentence; longer lines are cut into sentences of this many words. */
  sentenceWords: 100,
  /** Longer "words" are dropped (no real word is this long). */
  wordChars: 40,
  /** Times one sentence may repeat before further copies are ignored (megabytes of one word teach nothing more). */
  repeats: 20,
} as const;

/**
 * Domain text as a language model learns from it: lower-cased, split into sentences at line breaks and sentence
 * punctuation, reduced to letters and apostrophes (hyphens and slashes separate words; digits and other symbols drop
 * the word, since a character model cannot say them), clipped to {@link DOMAIN_TEXT_LIMITS}.
 *
 * @example
 * normalizeDomainText(['Take Metformin twice-daily.\nThe p-value was small!'])
 * // ['take metformin twice daily', 'the p value was small']
 */
export function normalizeDomainText(texts: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Map<string, number>();
  let budget = DOMAIN_TEXT_LIMITS.totalChars;
  for (const text of texts) {
    if (budget <= 0) break;
    const chunk = typeof text === 'string' ? text.slice(0, budget) : '';
    budget -= chunk.length;
    for (const raw of chunk.normalize('NFKC').toLowerCase().split(/[\n\r.!?;:]+/)) {
      const words = raw
        .replace(/[\u2018\u2019\u02bc]/g, "'")
        .split(/[\s\-\u2010-\u2015/_,()[\]{}"\u201c\u201d]+/)
        .map((w) => w.replace(/^'+|'+$/g, ''))
        .filter((w) => w !== '' && w.length <= DOMAIN_TEXT_LIMITS.wordChars && /^[a-z']+$/.test(w));
      for (let i = 0; i < words.length; i += DOMAIN_TEXT_LIMITS.sentenceWords) {
        const sentence = words.slice(i, i + DOMAIN_TEXT_LIMITS.sentenceWords).join(' ');
        const n = (seen.get(sentence) ?? 0) + 1;
        seen.set(sentence, n);
        if (n <= DOMAIN_TEXT_LIMITS.repeats) out.push(sentence);
      }
    }
  }
  return out;
}
