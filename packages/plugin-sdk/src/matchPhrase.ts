/**
 * Whether the words starting at `index` spell `phrase`, compared case-insensitively word by word. A phrase given as
 * one string is split on whitespace. False when the phrase runs past the end or is empty.
 *
 * @example
 * matchPhrase(words, i, ['five', 'milligrams']); // "Five milligrams" at i
 * matchPhrase(words, i, 'ruby on rails');
 */
export function matchPhrase(words: readonly { readonly text: string }[], index: number, phrase: readonly string[] | string): boolean {
  const parts = (typeof phrase === 'string' ? [phrase] : phrase).flatMap((p) => p.split(/\s+/u)).filter((p) => p !== '');
  if (parts.length === 0 || !Number.isInteger(index) || index < 0 || index + parts.length > words.length) return false;
  return parts.every((p, k) => fold(words[index + k]!.text) === fold(p));
}

function fold(text: string): string {
  return text.toLowerCase();
}
