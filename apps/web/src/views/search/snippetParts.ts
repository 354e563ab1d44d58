/** A search snippet split around its match, for showing the match marked and in view. */
export interface SnippetParts {
  /** A few words before the match ("…" first when cut). */
  before: string;
  match: string;
  /** The rest (the view's ellipsis cuts it where the line ends). */
  after: string;
}

// The server's snippet keeps this many characters before a match when it cuts the turn's start off (a leading "…"):
// GET /api/projects/:id/search gives no offset of the match, so this mirrors apps/server's transcriptSearch.ts.
const SERVER_CONTEXT_CHARS = 60;
const ELLIPSIS = '…';

/**
 * Splits a search hit's snippet around its match: `occurrence` is the match's place among the hits in the same turn
 * (0 = first), which is its place in the snippet when the snippet starts at the turn's start. Keeps at most about
 * `maxBefore` characters before the match, cut at a word, so the match stays in view. Undefined when the snippet
 * does not hold the query (lower-casing changed its length, or the server's layout changed).
 *
 * @example
 * snippetParts('…ten in the morning we talked about the rent and the new clinic for an hour', 'clinic', 0)
 * // { before: '…the rent and the new ', match: 'clinic', after: ' for an hour' }
 */
export function snippetParts(snippet: string, query: string, occurrence: number, maxBefore = 24): SnippetParts | undefined {
  const needle = query.trim().toLowerCase();
  const lower = snippet.toLowerCase();
  if (needle === '' || lower.length !== snippet.length) return undefined;
  const at = matchIndex(lower, needle, occurrence, snippet.startsWith(ELLIPSIS));
  if (at < 0) return undefined;
  let before = snippet.slice(0, at);
  if (before.length > maxBefore) {
    const cut = before.slice(before.length - maxBefore);
    const space = cut.indexOf(' ');
    before = ELLIPSIS + (space >= 0 && space < cut.length - 1 ? cut.slice(space + 1) : cut);
  }
  return { before, match: snippet.slice(at, at + needle.length), after: snippet.slice(at + needle.length) };
}

function matchIndex(lower: string, needle: string, occurrence: number, cutBefore: boolean): number {
  const expected = 1 + SERVER_CONTEXT_CHARS;
  if (cutBefore && lower.startsWith(needle, expected)) return expected;
  const found: number[] = [];
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) found.push(at);
  if (found.length === 0) return -1;
  if (!cutBefore) return found[Math.min(occurrence, found.length - 1)]!;
  // the layout changed: the occurrence nearest to where the server used to put it
  return found.reduce((best, at) => (Math.abs(at - expected) < Math.abs(best - expected) ? at : best));
}
