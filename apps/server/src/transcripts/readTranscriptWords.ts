import * as Y from 'yjs';
import { isWordOrigin, TRANSCRIPT_ROOT, type WordLeafAttributes, type WordOrigin } from './transcriptDoc.ts';

/** A word as the document holds it now, corrections included. Times in seconds. */
export interface TranscriptDocWord {
  text: string;
  start: number;
  end: number;
  confidence: number;
  /**
   * `'human'` when any part of the word was typed or marked by a person (or carries no recognised timing);
   * otherwise `'plugin:<id>'` when a plugin's post-processor wrote it, else `'asr'`.
   */
  origin: WordOrigin;
  reviewed: boolean;
  /** Who reviewed it (a user id), when it is reviewed and the mark says so. */
  reviewedBy?: string;
  /** When it was reviewed, in milliseconds since the epoch, when it is reviewed and the mark says so. */
  reviewedAt?: number;
}

/** A paragraph of the document with its words. */
export interface TranscriptDocTurn {
  speaker: string;
  start: number;
  words: TranscriptDocWord[];
}

const SLATE_YJS_EMPTY_TEXT = '__slateYjsEmptyText';

interface Piece {
  text: string;
  attributes: Partial<WordLeafAttributes> | undefined;
}

/**
 * Reads the current turns and words out of a transcript document (see `buildTranscriptDoc`), for exports and
 * metrics. Words are the whitespace-separated runs of each paragraph's text; a word keeps the timing of the
 * leaves it is made of (first start, last end, lowest confidence), so a correction typed inside a word keeps its
 * times. A word typed where there was none gets the gap between its neighbours, confidence 1 and origin `human`.
 * A word is reviewed when all its leaves are; its `reviewedBy`/`reviewedAt` are those of its latest review mark.
 */
export function readTranscriptTurns(doc: Y.Doc): TranscriptDocTurn[] {
  const root = doc.get(TRANSCRIPT_ROOT, Y.XmlText);
  const turns: TranscriptDocTurn[] = [];
  for (const op of root.toDelta() as Array<{ insert: unknown }>) {
    if (!(op.insert instanceof Y.XmlText)) continue;
    const paragraph = op.insert;
    const attributes = paragraph.getAttributes() as { speaker?: unknown; start?: unknown };
    const pieces = (paragraph.toDelta() as Array<{ insert: unknown; attributes?: Partial<WordLeafAttributes> }>)
      .filter((piece): piece is { insert: string; attributes?: Partial<WordLeafAttributes> } => typeof piece.insert === 'string')
      // @slate-yjs stores an empty Slate text as a zero-width space marked with this attribute
      .filter((piece) => (piece.attributes as Record<string, unknown> | undefined)?.[SLATE_YJS_EMPTY_TEXT] !== true)
      .map((piece): Piece => ({ text: piece.insert, attributes: piece.attributes }));
    const words = wordsOf(pieces);
    const start = typeof attributes.start === 'number' ? attributes.start : (words[0]?.start ?? 0);
    fillGaps(words, start);
    turns.push({ speaker: typeof attributes.speaker === 'string' ? attributes.speaker : '', start, words });
  }
  return turns;
}

/** Every word of the document in reading order; see {@link readTranscriptTurns}. */
export function readTranscriptWords(doc: Y.Doc): TranscriptDocWord[] {
  return readTranscriptTurns(doc).flatMap((turn) => turn.words);
}

function wordsOf(pieces: readonly Piece[]): TranscriptDocWord[] {
  const words: TranscriptDocWord[] = [];
  let current: TranscriptDocWord | undefined;
  let timed = false;
  let mark: { by?: string; at?: number } = {};
  const finish = () => {
    if (current !== undefined) {
      if (current.reviewed && mark.by !== undefined) current.reviewedBy = mark.by;
      if (current.reviewed && mark.at !== undefined) current.reviewedAt = mark.at;
      words.push(current);
    }
    current = undefined;
    timed = false;
    mark = {};
  };
  for (const piece of pieces) {
    const timing = isTimed(piece.attributes) ? piece.attributes : undefined;
    for (const part of piece.text.split(/(\s+)/u)) {
      if (part === '') continue;
      if (/^\s+$/u.test(part)) {
        finish();
        continue;
      }
      current ??= { text: '', start: Number.NaN, end: Number.NaN, confidence: 1, origin: 'asr', reviewed: true };
      current.text += part;
      if (timing === undefined) {
        current.origin = 'human';
        current.reviewed = false;
        continue;
      }
      if (!timed) current.start = timing.start;
      current.end = timing.end;
      timed = true;
      current.confidence = Math.min(current.confidence, typeof timing.conf === 'number' ? timing.conf : 1);
      // an origin this server does not know counts as a person's
      const origin = isWordOrigin(timing.origin) ? timing.origin : 'human';
      if (origin === 'human') current.origin = 'human';
      else if (origin !== 'asr' && current.origin === 'asr') current.origin = origin;
      if (timing.reviewed !== true) current.reviewed = false;
      else mark = latestMark(mark, timing);
    }
  }
  finish();
  return words;
}

// the leaf's own mark when it is later than (or as undated as) the one held so far
function latestMark(held: { by?: string; at?: number }, leaf: WordLeafAttributes): { by?: string; at?: number } {
  const at = typeof leaf.reviewedAt === 'number' && Number.isFinite(leaf.reviewedAt) ? leaf.reviewedAt : undefined;
  const by = typeof leaf.reviewedBy === 'string' ? leaf.reviewedBy : undefined;
  if (by === undefined && at === undefined) return held;
  if (held.at !== undefined && (at === undefined || at < held.at)) return held;
  return { ...(by !== undefined && { by }), ...(at !== undefined && { at }) };
}

function isTimed(attributes: Partial<WordLeafAttributes> | undefined): attributes is WordLeafAttributes {
  return typeof attributes?.start === 'number' && typeof attributes.end === 'number';
}

// a word typed from scratch has no timing of its own: it sits between its neighbours
function fillGaps(words: TranscriptDocWord[], turnStart: number): void {
  words.forEach((word, index) => {
    if (!Number.isNaN(word.start)) return;
    const before = words.slice(0, index).reverse().find((w) => !Number.isNaN(w.end));
    const after = words.slice(index + 1).find((w) => !Number.isNaN(w.start));
    word.start = before?.end ?? turnStart;
    word.end = Math.max(word.start, after?.start ?? word.start);
  });
}
