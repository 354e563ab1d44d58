/**
 * How many leading words two consecutive hypotheses share, compared by text: the LocalAgreement-2 rule (a word is
 * stable once two decodes in a row, the later one with more audio to its right, put the same words before it).
 */
export function agreedPrefix(previous: readonly { text: string }[], current: readonly { text: string }[]): number {
  const n = Math.min(previous.length, current.length);
  let i = 0;
  while (i < n && previous[i]!.text === current[i]!.text) i++;
  return i;
}

/**
 * How many leading words of `current` are stable: agreed on by every earlier decode (see {@link agreedPrefix}) and
 * each followed by a word in all of them, so the decoder agrees on the boundary after the last one too. The last word
 * of a decode may be one still being said, cut by the window's end ("noo" of "noo clinic", "every" of "everyone"):
 * two decodes agreeing on it says nothing of where it ends, and a caption made final there would cut the word.
 */
export function stablePrefix(earlier: readonly (readonly { text: string }[])[], current: readonly { text: string }[]): number {
  let k = current.length - 1;
  for (const previous of earlier) k = Math.min(k, agreedPrefix(previous, current), previous.length - 1);
  return Math.max(0, k);
}
