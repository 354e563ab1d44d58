import type { CaptionJson } from '@verbatim/core/api';
import type { VocabularyEntry } from '../../decode/VocabularyEntry.ts';
import type { LiveWarning } from '../../live/LiveRecognizer.ts';
import type { LanguageModelMode } from '../../transcribe/prepareDecoding.ts';
import type { SerializedError } from '../workerErrors.ts';
import type { ModelInfo } from '../workerProtocol.ts';

/** `workerData` of the live captioning worker. */
export interface LiveWorkerInit {
  bundleDir: string;
  threads: number;
}

/** Per-session settings that cross to the worker. */
export interface LiveWorkerSession {
  vocabulary: VocabularyEntry[];
  /** The word LM the session decodes with (`off` when the bundle has none). */
  lm: LanguageModelMode;
  /** Domain sentences that adapt the LM (`adapted` only). */
  domainText: string[];
  cadenceMs: number;
  startSample: number;
  startSeq: number;
}

/** Captioner to worker. */
export type ToLiveWorker =
  | { type: 'start'; id: string; session: LiveWorkerSession }
  /** s16le samples at the bundle's rate; the buffer is transferred. */
  | { type: 'push'; id: string; pcm: Int16Array }
  /** The input ended: decode the rest, make it final, answer `ended`. */
  | { type: 'end'; id: string }
  | { type: 'close'; id: string }
  /** Finish the decode in flight, release the ONNX session and exit. */
  | { type: 'shutdown' };

/** Worker to captioner. */
export type FromLiveWorker =
  | { type: 'ready'; model: ModelInfo }
  | { type: 'init-error'; error: SerializedError }
  | { type: 'caption'; id: string; caption: CaptionJson }
  | { type: 'warning'; id: string; warning: LiveWarning }
  /** After each decode: how far the session is decoded and the decoding time it has used in all. */
  | { type: 'decoded'; id: string; decodedSamples: number; cpuMs: number }
  | { type: 'ended'; id: string; finals: CaptionJson[] }
  /** A session's decode failed (it is closed). */
  | { type: 'failed'; id: string; error: SerializedError };
