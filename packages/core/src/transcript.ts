import type { WordOrigin } from './document/WordOrigin.ts';

export type { WordOrigin } from './document/WordOrigin.ts';

/** A person's decision on a word: confirmed as recognised (`accept`), or written by them (`correct`). */
export interface WordReview {
  /** The reviewer's account id (absent only where the word's mark does not say). */
  by?: string;
  /** The reviewer's name, where it is known. */
  byName?: string;
  /** ISO 8601 time of the decision (absent only where the word's mark does not say). */
  at?: string;
  action: 'accept' | 'correct';
}

/**
 * One recognised word. Times are seconds from the start of the audio; `confidence` is calibrated so that it reads as
 * the probability that the word is right, in [0, 1]. A transcript that people worked on also says who wrote each word
 * (`origin`), which words a person checked or wrote (`reviewed`), and, where a person changed the text, what the
 * recogniser had heard there and how sure it was (`original`).
 */
export interface Word {
  text: string;
  start: number;
  end: number;
  confidence: number;
  origin?: WordOrigin;
  reviewed?: WordReview;
  /** The recogniser's words within this word's time and their lowest confidence, where a person changed the text. */
  original?: { text: string; confidence: number };
}

/** A run of words read as one paragraph (one speaker turn, or part of a long one). Times in seconds. */
export interface Segment {
  speaker?: string;
  start: number;
  end: number;
  words: Word[];
}

/** Which acoustic model produced a transcript: the bundle's id, version and the SHA-256 of its `model.onnx`. */
export interface ModelProvenance {
  id: string;
  version: string;
  sha256: string;
}

/** A plugin that touched a transcript (vocabulary or post-processor). */
export interface PluginProvenance {
  id: string;
  version: string;
}

/**
 * A recognition result with its provenance: the words grouped into segments, plus the model and plugins that made it,
 * so every exported file can say where its words came from.
 */
export interface Transcript {
  /** BCP 47 language tag, e.g. `en`. */
  language: string;
  /** Length of the audio in seconds. */
  duration: number;
  segments: Segment[];
  model: ModelProvenance;
  plugins: PluginProvenance[];
  /** ISO 8601 time the transcript was made. */
  createdAt?: string;
}

/** All words of a transcript in segment order, as one flat list (the words themselves, not copies). */
export function transcriptWords(t: Transcript): Word[] {
  return t.segments.flatMap((s) => s.words);
}

/**
 * The words of a list joined by single spaces; whitespace inside a word's text collapses to one space and words with
 * no text are skipped.
 */
export function wordsText(words: readonly Word[]): string {
  let out = '';
  for (const w of words) {
    const text = w.text.replace(/\s+/gu, ' ').trim();
    if (text === '') continue;
    out = out === '' ? text : `${out} ${text}`;
  }
  return out;
}

/**
 * The plain text of a transcript: one line per segment (segments with no text are left out).
 *
 * @example
 * transcriptText(t) // 'Hello there.\nGeneral Kenobi.'
 */
export function transcriptText(t: Transcript): string {
  return t.segments.map((s) => wordsText(s.words)).filter((line) => line !== '').join('\n');
}
