import * as Y from 'yjs';
import { SLATE_YJS_EMPTY_TEXT, TRANSCRIPT_ROOT } from './transcriptDocSchema.ts';
import { type WordAttributes, wordOfAttributes } from './wordOfAttributes.ts';
import type { WordOrigin } from './WordOrigin.ts';

/** A word as the document holds it now, corrections included. Times in seconds. */
export interface TranscriptDocWord {
  text: string;
  start: number;
  end: number;
  confidence: number;
  /**
   * `'human'` when any part of the word was typed by a person (or carries no recognised timing); otherwise
   * `'plugin:<id>'` when a plugin's post-processor wrote it, else `'asr'`.
   */
  origin: WordOrigin;
  reviewed: boolean;
  /** Who reviewed it (a user id), when it is reviewed. */
  reviewedBy?: string;
  /** When it was reviewed, in milliseconds since the epoch, when it is reviewed. */
  reviewedAt?: number;
}

/** A paragraph of the document with its words. */
export interface TranscriptDocTurn {
  speaker: string;
  start: number;
  words: TranscriptDocWord[];
}

interface Piece {
  text: string;
  word: WordAttributes | undefined;
}

/**
 * Reads the current turns and words out of a transcript document (current schema; see `transcriptDocSchema.ts`),
 * for exports, reviews and metrics. Words are the whitespace-separated runs of each paragraph's text; a word keeps the
 * timing of the runs it is made of (earliest start, latest end, lowest confidence), so a correction typed inside a word
 * keeps its times. A word typed where there was none gets the gap between its neighbours, confidence 1 and origin
 * `human`. A word is reviewed when all its runs are; its `reviewedBy`/`reviewedAt` are those of its latest mark.
 */
export function readTranscriptTurns(doc: Y.Doc): TranscriptDocTurn[] {
  const root = doc.get(TRANSCRIPT_ROOT, Y.XmlText);
  const turns: TranscriptDocTurn[] = [];
  for (const op of root.toDelta() as Array<{ insert: unknown }>) {
    if (!(op.insert instanceof Y.XmlText)) continue;
    turns.push(readParagraph(op.insert));
  }
  return turns;
}

/** Every word of the document in reading order; see {@link readTranscriptTurns}. */
export function readTranscriptWords(doc: Y.Doc): TranscriptDocWord[] {
  return readTranscriptTurns(doc).flatMap((turn) => turn.words);
}

/** One paragraph's speaker, start and words; see {@link readTranscriptTurns}. */
export function readParagraph(paragraph: Y.XmlText): TranscriptDocTurn {
  const attributes = paragraph.getAttributes() as { speaker?: unknown; start?: unknown };
  const pieces = (paragraph.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>)
    .filter((piece): piece is { insert: string; attributes?: Record<string, unknown> } => typeof piece.insert === 'string')
    // @slate-yjs stores an empty Slate text as a zero-width space marked with this attribute
    .filter((piece) => piece.attributes?.[SLATE_YJS_EMPTY_TEXT] !== true)
    .map((piece): Piece => ({ text: piece.insert, word: wordOfAttributes(piece.attributes) }));
  const words = wordsOf(pieces);
  const start = typeof attributes.start === 'number' && Number.isFinite(attributes.start) ? attributes.start : (words[0]?.start ?? 0);
  fillGaps(words, start);
  return { speaker: typeof attributes.speaker === 'string' ? attributes.speaker : '', start, words };
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
    const word = piece.word;
    for (const part of piece.text.split(/(\s+)/u)) {
      if (part === '') continue;
      if (/^\s+$/u.test(part)) {
        finish();
        continue;
      }
      current ??= { text: '', start: Number.NaN, end: Number.NaN, confidence: 1, origin: 'asr', reviewed: true };
      current.text += part;
      if (word === undefined) {
        current.origin = 'human';
        current.reviewed = false;
        continue;
      }
      // a word glued from runs out of time order (concurrent edits can do that) still spans them all, start <= end
      current.start = timed ? Math.min(current.start, word.start) : word.start;
      current.end = timed ? Math.max(current.end, word.end) : word.end;
      timed = true;
      current.confidence = Math.min(current.confidence, word.conf);
      if (word.origin === 'human') current.origin = 'human';
      else if (word.origin !== 'asr' && current.origin === 'asr') current.origin = word.origin;
      if (!word.reviewed) current.reviewed = false;
      else if (mark.at === undefined || (word.reviewedAt ?? 0) >= mark.at) mark = { by: word.reviewedBy!, at: word.reviewedAt! };
    }
  }
  finish();
  return words;
}

// a word typed from scratch has no timing of its own: it sits between its neighbours
function fillGaps(words: TranscriptDocWord[], turnStart: number): void {
  let lastEnd = turnStart;
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (!Number.isNaN(word.start)) {
      lastEnd = word.end;
      continue;
    }
    let after: number | undefined;
    for (let next = index + 1; next < words.length; next++) {
      if (!Number.isNaN(words[next]!.start)) {
        after = words[next]!.start;
        break;
      }
    }
    word.start = lastEnd;
    word.end = Math.max(word.start, after ?? word.start);
    lastEnd = word.end;
  }
}
