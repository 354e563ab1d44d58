import * as Y from 'yjs';
import {
  appendParagraph,
  encodeReviewMark,
  encodeWordTiming,
  MAX_WORDS_PER_PARAGRAPH,
  REVIEW_MARK_KEY,
  type ReviewMark,
  TRANSCRIPT_META,
  TRANSCRIPT_ROOT,
  TRANSCRIPT_SCHEMA_KEY,
  TRANSCRIPT_SCHEMA_VERSION,
  type TranscriptDocTurn,
  WORD_TIMING_KEY,
  type WordOrigin,
} from '@verbatim/core/document';

/** A word to write: its text, timing, confidence and origin, and the review mark it carries, if any. */
export interface DocumentWord {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly confidence: number;
  readonly origin: WordOrigin;
  readonly review?: ReviewMark | undefined;
}

/** A turn to write. */
export interface DocumentTurn {
  readonly speaker: string;
  readonly start: number;
  readonly words: readonly DocumentWord[];
}

/**
 * Replaces the whole text of a transcript document by `turns`, in one transaction (so one update reaches the
 * editors): one paragraph per turn (split every {@link MAX_WORDS_PER_PARAGRAPH} words, empty turns left out), one run
 * per word with its packed timing and origin and, when it has one, its review mark, in the current schema. Unlike
 * `buildTranscriptDoc` it keeps a person's origin and marks: these turns come from the document itself (a kept
 * revision, or a re-run that carried a person's words).
 */
export function replaceTranscriptTurns(doc: Y.Doc, turns: readonly DocumentTurn[], origin?: unknown): void {
  doc.transact(() => {
    const root = doc.get(TRANSCRIPT_ROOT, Y.XmlText);
    if (root.length > 0) root.delete(0, root.length);
    const meta = doc.getMap(TRANSCRIPT_META);
    if (meta.get(TRANSCRIPT_SCHEMA_KEY) !== TRANSCRIPT_SCHEMA_VERSION) meta.set(TRANSCRIPT_SCHEMA_KEY, TRANSCRIPT_SCHEMA_VERSION);
    for (const turn of turns) {
      for (let from = 0; from < turn.words.length; from += MAX_WORDS_PER_PARAGRAPH) {
        const words = turn.words.slice(from, from + MAX_WORDS_PER_PARAGRAPH);
        const delta: Array<{ insert: string; attributes?: Record<string, string> }> = [];
        words.forEach((word, index) => {
          if (index > 0) delta.push({ insert: ' ' });
          const attributes: Record<string, string> = {
            [WORD_TIMING_KEY]: encodeWordTiming({ start: word.start, end: word.end, conf: word.confidence, origin: word.origin }),
          };
          if (word.review !== undefined) attributes[REVIEW_MARK_KEY] = encodeReviewMark(word.review);
          delta.push({ insert: word.text, attributes });
        });
        appendParagraph(root, { type: 'turn', speaker: turn.speaker, start: from === 0 ? turn.start : words[0]!.start }, delta);
      }
    }
  }, origin);
}

/** A document's turns (as `readTranscriptTurns` reads them) as turns to write back, review marks included. */
export function documentTurnsOf(turns: readonly TranscriptDocTurn[]): DocumentTurn[] {
  return turns.map((turn) => ({
    speaker: turn.speaker,
    start: turn.start,
    words: turn.words.map((word) => ({
      text: word.text,
      start: word.start,
      end: word.end,
      confidence: word.confidence,
      origin: word.origin,
      review: word.reviewed && word.reviewedBy !== undefined ? { by: word.reviewedBy, at: word.reviewedAt ?? 0 } : undefined,
    })),
  }));
}
