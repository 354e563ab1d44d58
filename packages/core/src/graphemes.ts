// Line limits and character error rates count what a reader sees: grapheme clusters, not UTF-16 code units.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
let segmenter: Intl.Segmenter | undefined;

/** The user-perceived characters of `text` ('é' written as e + combining accent is one). */
export function graphemes(text: string): string[] {
  if (PRINTABLE_ASCII.test(text)) return text.split('');
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** How many user-perceived characters `text` has. */
export function graphemeLength(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : graphemes(text).length;
}
