/**
 * Text as error rates compare it: Unicode NFC, lower case, punctuation replaced by spaces except apostrophes inside a
 * word (`don't`, `l'homme`; `’` counts as one), whitespace collapsed to single spaces and trimmed. Symbols such as
 * `$` or `+` stay.
 *
 * @example
 * normalizeForScoring('  “Don’t,” she said — twice!') // "don't she said twice"
 */
export function normalizeForScoring(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’ʼ]/gu, "'")
    .replace(/[^\P{P}']/gu, ' ')
    .replace(/(?<![\p{L}\p{M}\p{N}])'|'(?![\p{L}\p{M}\p{N}])/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}
