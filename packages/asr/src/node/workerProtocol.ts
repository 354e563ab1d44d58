import type { VocabularyEntry } from '../decode/VocabularyEntry.ts';
import type { LanguageModelMode } from '../transcribe/prepareDecoding.ts';
import type { TranscribeTimings } from '../transcribe/TranscribeOptions.ts';
import type { Segment } from '@verbatim/core';
import type { Word } from '../words/Word.ts';
import type { SerializedError } from './workerErrors.ts';

/** `workerData` of a transcription worker. */
export interface WorkerInit {
  bundleDir: string;
  threads: number;
}

/** The model a pool runs, for the provenance of every transcript. */
export interface ModelInfo {
  id: string;
  version: string;
  /** sha256 of the model file. */
  sha256: string;
}

/** Options of one job that cross to the worker (plain data: no callbacks, no signal). */
export interface WorkerJobOptions {
  decoder?: 'greedy' | 'beam';
  beam?: number;
  vocabulary?: VocabularyEntry[];
  lm?: LanguageModelMode;
  domainText?: string[];
  windowSeconds?: number;
  overlapSeconds?: number;
  /** Restore punctuation and capitals (default: when the bundle has a punctuation model). */
  punctuate?: boolean;
  /** Who spoke when: `auto` (the default), an expected number of speakers, or `off`. */
  speakers?: 'auto' | 'off' | number;
}

/** What the worker did to the recognised words beyond decoding them. */
export interface TranscriptionNotes {
  /**
   * `applied`: the bundle's punctuation model wrote the words; `off`: not asked for; `unavailable`: asked for (or by
   * default) but the bundle has no punctuation model, or it could not be loaded (`punctuationNote` says why).
   */
  punctuation: 'applied' | 'off' | 'unavailable';
  punctuationNote?: string;
  /** Milliseconds the punctuation model took (0 when not applied). */
  punctuationMs: number;
  /** `applied`: the result's segments carry speakers; `off`: not asked for. */
  speakers?: 'applied' | 'off';
  /** Distinct speakers found. */
  speakerCount?: number;
  /** Why the speakers differ from what was asked (e.g. fewer voices than requested). */
  speakersNote?: string;
  /** Milliseconds speaker diarization took in all (features while the audio streamed, then clustering). */
  speakersMs?: number;
}

/** Pool to worker. */
export type ToWorker =
  | { type: 'transcribe'; id: number; path: string; options: WorkerJobOptions }
  | { type: 'cancel'; id: number }
  /** Stop every job, release the ONNX session and exit (terminating a worker inside a model run would abort the process). */
  | { type: 'close' };

/** Worker to pool. */
export type FromWorker =
  | { type: 'ready'; model: ModelInfo }
  | { type: 'init-error'; error: SerializedError }
  | { type: 'progress'; id: number; fraction: number | undefined; seconds: number }
  | { type: 'result'; id: number; words: Word[]; unpunctuated?: Word[]; segments?: Segment[]; duration: number; timings: TranscribeTimings; lm: LanguageModelMode; notes: TranscriptionNotes }
  | { type: 'error'; id: number; error: SerializedError };
