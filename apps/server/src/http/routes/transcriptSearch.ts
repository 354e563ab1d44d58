import type { TranscriptDocTurn } from '@verbatim/core/document';

/** One place a search found its text. */
export interface TranscriptSearchHit {
  transcriptId: string;
  /** Start of the turn that holds the match, in seconds. */
  start: number;
  speaker: string;
  /** The match with some words of context either side. */
  snippet: string;
}

const CONTEXT_CHARS = 60;

/**
 * The case-insensitive occurrences of `query` in a transcript's turns (at most `limit`), each with a snippet of the
 * turn around it. Words are joined by single spaces, so a query spanning words matches across them.
 */
export function searchTranscriptTurns(transcriptId: string, turns: readonly TranscriptDocTurn[], query: string, limit: number): TranscriptSearchHit[] {
  const needle = query.toLowerCase();
  const hits: TranscriptSearchHit[] = [];
  for (const turn of turns) {
    const text = turn.words.map((word) => word.text).join(' ');
    const haystack = text.toLowerCase();
    // lower-casing can change a string's length (rare scripts); then offsets would not map back, so fall back to the whole turn
    const sameLength = haystack.length === text.length;
    for (let at = haystack.indexOf(needle); at >= 0 && hits.length < limit; at = haystack.indexOf(needle, at + needle.length)) {
      const from = sameLength ? Math.max(0, at - CONTEXT_CHARS) : 0;
      const to = sameLength ? Math.min(text.length, at + needle.length + CONTEXT_CHARS) : text.length;
      const snippet = `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
      hits.push({ transcriptId, start: turn.start, speaker: turn.speaker, snippet });
    }
    if (hits.length >= limit) break;
  }
  return hits;
}
