import type { ContextGraph } from './contextGraph.ts';

/** Decoded words [start, end) that spell a vocabulary entry, and the text to show instead. */
export interface DisplaySpan {
  start: number;
  end: number;
  /** Index of the entry in the graph's `entries`. */
  entry: number;
  text: string;
}

/**
 * Finds decoded words that spell a vocabulary entry (its phrase or a `soundsLike`) and should read differently: the
 * entry's `displayAs`, else its phrase. A span is only reported when that text differs from the words themselves.
 * Words are spelled with the graph's own `tokenize`; a word it cannot spell matches nothing.
 *
 * @returns the new word list (each span replaced by one word holding the display text) and the spans, in the
 *   indices of the words passed in, so callers can merge the timings of the words a span covers.
 * @example
 * applyDisplayAs(['take', 'met', 'forming', 'daily'], graph).words; // ['take', 'metformin', 'daily']
 */
export function applyDisplayAs(
  words: readonly string[],
  graph: ContextGraph,
): { words: string[]; spans: DisplaySpan[] } {
  const wordBoundaryId = graph.wordBoundaryId;
  const ids: number[] = [];
  const wordAt: number[] = [];
  const firstToken: number[] = [];
  words.forEach((word, w) => {
    // Without a boundary token the model spells words back to back, so that is how phrases are stored too.
    if (w > 0 && wordBoundaryId !== undefined) {
      ids.push(wordBoundaryId);
      wordAt.push(-1);
    }
    firstToken.push(ids.length);
    const spelled = graph.spell(word);
    for (const id of spelled === null || spelled.length === 0 ? [-1] : spelled) {
      ids.push(id);
      wordAt.push(w);
    }
  });
  const spans: DisplaySpan[] = [];
  for (const m of graph.matches(ids)) {
    const start = wordAt[m.start] as number;
    const end = (wordAt[m.end - 1] as number) + 1;
    // Only spans that cover whole words can be replaced.
    const whole = firstToken[start] === m.start && tokenEnd(firstToken, ids.length, end, wordBoundaryId) === m.end;
    if (start < 0 || end <= start || !whole) continue;
    if (words.slice(start, end).join(' ') === m.display) continue;
    spans.push({ start, end, entry: m.entry, text: m.display });
  }
  const out: string[] = [];
  let w = 0;
  for (const s of spans) {
    out.push(...words.slice(w, s.start), s.text);
    w = s.end;
  }
  out.push(...words.slice(w));
  return { words: out, spans };
}

// One past the last token of word `end - 1`.
function tokenEnd(firstToken: readonly number[], total: number, end: number, wb: number | undefined): number {
  const next = firstToken[end];
  if (next === undefined) return total;
  return wb === undefined ? next : next - 1;
}
