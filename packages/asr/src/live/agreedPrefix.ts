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
