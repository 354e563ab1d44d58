import type { ModelProvenance, PluginProvenance, Transcript, Word, WordOrigin, WordReview } from './transcript.ts';
import { wordsText } from './transcript.ts';
import { validateTranscript } from './validateTranscript.ts';

/** Marks a JSON document as a Verbatim transcript; `fromJson` reads this version. */
export const TRANSCRIPT_JSON_FORMAT = 'verbatim-transcript';
export const TRANSCRIPT_JSON_VERSION = 1;

/** One word in a {@link TranscriptJson} document; the review fields only where the transcript has them. */
export interface TranscriptJsonWord {
  text: string;
  start: number;
  end: number;
  confidence: number;
  origin?: WordOrigin;
  reviewed?: WordReview;
  original?: { text: string; confidence: number };
}

/** One segment in a {@link TranscriptJson} document: its words are `words[firstWord .. firstWord + wordCount)`. */
export interface TranscriptJsonSegment {
  speaker?: string;
  start: number;
  end: number;
  text: string;
  firstWord: number;
  wordCount: number;
}

/** The document {@link toJson} writes. */
export interface TranscriptJson {
  format: typeof TRANSCRIPT_JSON_FORMAT;
  version: typeof TRANSCRIPT_JSON_VERSION;
  language: string;
  duration: number;
  model: ModelProvenance;
  plugins: PluginProvenance[];
  createdAt?: string;
  words: TranscriptJsonWord[];
  segments: TranscriptJsonSegment[];
}

/** Options of {@link toJson}. */
export interface JsonOptions {
  /** Indentation passed to `JSON.stringify`. Default 2; 0 writes one line. */
  indent?: number;
}

/**
 * The transcript as a JSON document whose top-level `words` array holds every word as
 * `{ text, start, end, confidence }` (plus `origin`, `reviewed` and `original` where the transcript says who wrote or
 * checked a word), with `segments` pointing into it by index, plus `duration`, `language`, `model` and `plugins`.
 * Times are rounded to milliseconds and confidences to four decimals.
 *
 * @example
 * const doc = JSON.parse(toJson(t)); doc.words[0] // { text: 'Hello', start: 0.42, end: 0.8, confidence: 0.97 }
 */
export function toJson(t: Transcript, options: JsonOptions = {}): string {
  validateTranscript(t);
  const words: TranscriptJsonWord[] = [];
  const segments = t.segments.map((s) => {
    const segment: TranscriptJsonSegment = {
      start: round(s.start, 1000),
      end: round(s.end, 1000),
      text: wordsText(s.words),
      firstWord: words.length,
      wordCount: s.words.length,
    };
    if (s.speaker !== undefined) segment.speaker = s.speaker;
    for (const w of s.words) {
      words.push(toJsonWord(w));
    }
    return segment;
  });
  const doc: TranscriptJson = {
    format: TRANSCRIPT_JSON_FORMAT,
    version: TRANSCRIPT_JSON_VERSION,
    language: t.language,
    duration: round(t.duration, 1000),
    model: { id: t.model.id, version: t.model.version, sha256: t.model.sha256 },
    plugins: t.plugins.map((p) => ({ id: p.id, version: p.version })),
    ...(t.createdAt === undefined ? {} : { createdAt: t.createdAt }),
    words,
    segments,
  };
  return JSON.stringify(doc, null, options.indent ?? 2);
}

function toJsonWord(w: Word): TranscriptJsonWord {
  const word: TranscriptJsonWord = { text: w.text, start: round(w.start, 1000), end: round(w.end, 1000), confidence: round(w.confidence, 10_000) };
  if (w.origin !== undefined) word.origin = w.origin;
  if (w.reviewed !== undefined) word.reviewed = { ...w.reviewed };
  if (w.original !== undefined) word.original = { text: w.original.text, confidence: round(w.original.confidence, 10_000) };
  return word;
}

function round(value: number, scale: number): number {
  return Math.round(value * scale) / scale;
}
