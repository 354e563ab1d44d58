import type { ContextGraph } from '../decode/contextGraph.ts';
import type { LanguageModelScorer } from '../lm/LanguageModelScorer.ts';
import type { VocabularyEntry } from '../decode/VocabularyEntry.ts';
import type { Word } from '../words/Word.ts';

/** Options of `transcribeStream` and `transcribeSamples`. */
export interface TranscribeOptions {
  /** `greedy` (best path) or `beam` (CTC prefix beam search). Default: `beam` with a vocabulary or an LM, else `greedy`. */
  decoder?: 'greedy' | 'beam';
  /** Beam width for `beam` (default: the decoder's, 8). */
  beam?: number;
  /**
   * Phrases to favour (beam search only) and to show in their `displayAs` form (both decoders): entries, or a graph
   * built once with `createVocabularyGraph` and reused.
   */
  vocabulary?: readonly VocabularyEntry[] | ContextGraph;
  /** A word language model for beam search (shallow fusion), from `prepareDecoding` or `createLanguageModelScorer`. */
  languageModel?: LanguageModelScorer;
  /** Audio per model run, in seconds, overlap included (default 30). */
  windowSeconds?: number;
  /** Context added on each side of a window's own stretch, in seconds (default 2). */
  overlapSeconds?: number;
  /** Length of the audio if known beforehand (a stream's), for progress fractions and to size buffers. */
  durationSeconds?: number;
  /**
   * Progress: `fraction` of the whole job in [0, 1] (undefined while the length of a stream is unknown) and the
   * seconds of audio done so far.
   */
  onProgress?: (fraction: number | undefined, seconds: number) => void;
  /** Aborting rejects with the signal's reason at the next window (or within the beam search). */
  signal?: AbortSignal;
}

/** Where the time went, in milliseconds. */
export interface TranscribeTimings {
  /** Waiting for audio blocks (decoding the file). */
  readMs: number;
  featuresMs: number;
  modelMs: number;
  decodeMs: number;
  totalMs: number;
  /** Model runs. */
  windows: number;
}

/** The words of a recording, its length in seconds and where the time went. */
export interface TranscribeResult {
  words: Word[];
  duration: number;
  timings: TranscribeTimings;
}
