import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { VocabularyEntry } from '../decode/VocabularyEntry.ts';
import type { LanguageModelMode } from '../transcribe/prepareDecoding.ts';
import type { TranscribeTimings } from '../transcribe/TranscribeOptions.ts';
import type { Segment } from '@verbatim/core';
import type { Word } from '../words/Word.ts';
import { TranscriberPoolError } from './TranscriberPoolError.ts';
import { deserializeError } from './workerErrors.ts';
import type { FromWorker, ModelInfo, ToWorker, TranscriptionNotes, WorkerInit, WorkerJobOptions } from './workerProtocol.ts';

/** Options of {@link TranscriberPool}. */
export interface TranscriberPoolOptions {
  /** The model bundle directory every worker loads. */
  bundleDir: string;
  /** Worker threads, each with its own ONNX session (default 1). */
  workers?: number;
  /** ONNX intra-op threads per worker (default 1). Workers x threads should not exceed the cores. */
  threadsPerWorker?: number;
}

/** Options of {@link TranscriberPool.transcribeFile}. */
export interface TranscribeFileOptions {
  /** Phrases to favour and to show in their display form. */
  vocabulary?: VocabularyEntry[];
  /**
   * Word language model: `off`, `base` (the bundle's) or `adapted` (the bundle's, adapted to `domainText` and the
   * vocabulary, which then shapes the LM instead of being boosted). Default: `adapted` when the bundle has an LM and
   * the decoder is not `greedy`, else `off`.
   */
  lm?: LanguageModelMode;
  /** Domain sentences for `adapted` (plugins' domain text, a project's own). */
  domainText?: string[];
  /** Default: `beam` with a vocabulary or an LM, else `greedy`. */
  decoder?: 'greedy' | 'beam';
  beam?: number;
  windowSeconds?: number;
  overlapSeconds?: number;
  /** Share of the job done (undefined while unknown) and seconds of audio done. */
  onProgress?: (fraction: number | undefined, seconds: number) => void;
  /**
   * Restore punctuation and capitals with the bundle's punctuation model (default: on when the bundle has one). Only
   * each word's text changes; without a model the words stay in spoken form and `notes.punctuation` says
   * `unavailable`.
   */
  punctuate?: boolean;
  /**
   * Who spoke when, from the audio: `auto` (the default) finds the speakers, a number says how many to expect, `off`
   * skips it. With speakers, the result's `segments` are the words grouped in turns labelled "Speaker 1", "Speaker 2"...
   */
  speakers?: 'auto' | 'off' | number;
  /** Aborting rejects the job at once with the signal's reason; its worker stops at the next window. */
  signal?: AbortSignal;
}

/** A transcribed file with its provenance. */
export interface TranscriptionResult {
  words: Word[];
  /** Length of the audio in seconds. */
  duration: number;
  /** The model that produced the words. */
  model: ModelInfo;
  /** The word LM the words were decoded with. */
  lm: LanguageModelMode;
  /** Seconds from the job starting on a worker to its result (queue time excluded). */
  wallSeconds: number;
  timings: TranscribeTimings;
  /** Punctuation and speakers applied or not, and why. */
  notes: TranscriptionNotes;
  /**
   * The words as the recogniser wrote them, before punctuation (only when punctuation was applied): what plugins'
   * post-processors read, whose rules are written for the spoken form. Same count, order and timings as `words`.
   */
  unpunctuated?: Word[];
  /** The words in speaker turns (segments split at pauses, sentence ends and speaker changes), when speakers were found. */
  segments?: Segment[];
}

interface Job {
  id: number;
  path: string;
  options: WorkerJobOptions;
  onProgress: TranscribeFileOptions['onProgress'];
  signal: AbortSignal | undefined;
  onAbort: () => void;
  resolve: (result: TranscriptionResult) => void;
  reject: (error: unknown) => void;
  settled: boolean;
  startedAt: number;
}

interface Slot {
  worker: Worker;
  model: ModelInfo | undefined;
  job: Job | undefined;
  exited: Promise<void>;
}

// a worker asked to close gets this long to finish its model run before it is terminated
const CLOSE_TIMEOUT_MS = 30_000;

/**
 * Transcribes files on worker threads, so the calling thread never runs the model: each worker loads the bundle and
 * one ONNX session once and reuses it; jobs wait in a queue while every worker is busy. `dispose()` rejects whatever
 * is still pending and resolves once every worker has stopped.
 *
 * @example
 * const pool = new TranscriberPool({ bundleDir: 'models/verbatim-en-char-v1', workers: 2, threadsPerWorker: 1 });
 * const { words, model } = await pool.transcribeFile('interview.mp3', { onProgress: (f) => bar.update(f ?? 0) });
 * await pool.dispose();
 */
export class TranscriberPool {
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  readonly #init: WorkerInit;
  #nextId = 1;
  #disposed = false;
  #failure: Error | undefined;
  readonly #ready: Promise<ModelInfo>;
  #resolveReady!: (model: ModelInfo) => void;
  #rejectReady!: (error: Error) => void;

  constructor(options: TranscriberPoolOptions) {
    const workers = options.workers ?? 1;
    const threads = options.threadsPerWorker ?? 1;
    if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, got ${workers}`);
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threadsPerWorker must be a positive integer, got ${threads}`);
    this.#init = { bundleDir: resolve(options.bundleDir), threads };
    this.#ready = new Promise<ModelInfo>((res, rej) => {
      this.#resolveReady = res;
      this.#rejectReady = rej;
    });
    this.#ready.catch(() => {}); // surfaced through ready() and the jobs, never as an unhandled rejection
    for (let i = 0; i < workers; i++) this.#spawn();
  }

  /** Resolves with the model once a worker has loaded it; rejects (e.g. a {@link ModelBundleError}) if loading fails. */
  ready(): Promise<ModelInfo> {
    return this.#ready;
  }

  /** Jobs waiting for a worker. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Live worker threads. */
  get workerCount(): number {
    return this.#slots.length;
  }

  /**
   * Transcribes an audio or video file (any format the runtime decodes) on a worker.
   *
   * @throws the job's own error as its class (`AudioDecodeError`, `VocabularyError`, `ModelBundleError`, ...), the
   *   signal's reason when aborted, or {@link TranscriberPoolError} when the pool is disposed or the worker dies.
   */
  transcribeFile(path: string, options: TranscribeFileOptions = {}): Promise<TranscriptionResult> {
    if (this.#disposed) return Promise.reject(new TranscriberPoolError('disposed', 'The transcriber pool was disposed.'));
    if (this.#failure) return Promise.reject(this.#failure);
    const { signal, onProgress } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const { speakers } = options;
    if (speakers !== undefined && speakers !== 'auto' && speakers !== 'off' && !(Number.isInteger(speakers) && speakers >= 1)) {
      return Promise.reject(new RangeError(`speakers must be 'auto', 'off' or a whole number of at least 1 (got ${JSON.stringify(speakers)})`));
    }
    return new Promise<TranscriptionResult>((resolvePromise, rejectPromise) => {
      const job: Job = {
        id: this.#nextId++,
        path: resolve(path),
        options: plainOptions(options),
        onProgress,
        signal,
        onAbort: () => this.#abort(job),
        resolve: resolvePromise,
        reject: rejectPromise,
        settled: false,
        startedAt: 0,
      };
      signal?.addEventListener('abort', job.onAbort, { once: true });
      this.#queue.push(job);
      this.#dispatch();
    });
  }

  /**
   * Stops every worker (each finishes its model run in flight, releases its session and exits); pending and queued
   * jobs reject at once with a `disposed` {@link TranscriberPoolError}.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    const error = new TranscriberPoolError('disposed', 'The transcriber pool was disposed.');
    this.#rejectReady(error);
    for (const job of this.#queue.splice(0)) this.#settle(job, error);
    const slots = this.#slots.splice(0);
    for (const slot of slots) if (slot.job) this.#settle(slot.job, error);
    await Promise.all(slots.map((slot) => this.#close(slot)));
  }

  // Never terminate() a worker inside an ONNX run: onnxruntime-node then aborts the whole process. The worker
  // stops its job at the next window, releases its session and exits by itself.
  async #close(slot: Slot): Promise<void> {
    slot.worker.postMessage({ type: 'close' } satisfies ToWorker);
    const timer = setTimeout(() => void slot.worker.terminate(), CLOSE_TIMEOUT_MS);
    timer.unref();
    await slot.exited;
    clearTimeout(timer);
  }

  #spawn(): void {
    const worker = new Worker(workerUrl(), { workerData: this.#init });
    const slot: Slot = { worker, model: undefined, job: undefined, exited: new Promise((res) => worker.once('exit', () => res())) };
    this.#slots.push(slot);
    worker.on('message', (message: FromWorker) => this.#onMessage(slot, message));
    worker.on('error', (error) => this.#onExit(slot, error));
    worker.on('exit', (code) => this.#onExit(slot, new TranscriberPoolError('worker-exited', `A transcription worker stopped unexpectedly (exit code ${code}).`)));
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        slot.model = message.model;
        this.#resolveReady(message.model);
        this.#dispatch();
        return;
      case 'init-error':
        // the bundle cannot load: every worker would fail the same way
        this.#fail(deserializeError(message.error));
        return;
      case 'progress': {
        const job = slot.job;
        if (job?.id === message.id && !job.settled && job.onProgress) {
          try {
            job.onProgress(message.fraction, message.seconds);
          } catch {
            // a throwing progress callback must not take the pool down
          }
        }
        return;
      }
      case 'result':
      case 'error': {
        const job = slot.job;
        if (job?.id !== message.id) return;
        slot.job = undefined;
        if (message.type === 'result') {
          this.#settle(job, undefined, {
            words: message.words,
            duration: message.duration,
            model: slot.model!,
            lm: message.lm,
            wallSeconds: (performance.now() - job.startedAt) / 1000,
            timings: message.timings,
            notes: message.notes,
            ...(message.segments === undefined ? {} : { segments: message.segments }),
            ...(message.unpunctuated === undefined ? {} : { unpunctuated: message.unpunctuated }),
          });
        } else {
          this.#settle(job, deserializeError(message.error));
        }
        this.#dispatch();
      }
    }
  }

  #onExit(slot: Slot, error: Error): void {
    const i = this.#slots.indexOf(slot);
    if (i < 0) return; // disposed, or already handled ('error' is followed by 'exit')
    this.#slots.splice(i, 1);
    if (slot.job) this.#settle(slot.job, error);
    if (this.#disposed || this.#failure) return;
    if (!slot.model) {
      this.#fail(error); // died while loading: a replacement would too
      return;
    }
    this.#spawn();
  }

  #fail(error: Error): void {
    if (this.#failure) return;
    this.#failure = error;
    this.#rejectReady(error);
    for (const job of this.#queue.splice(0)) this.#settle(job, error);
    const slots = this.#slots.splice(0);
    for (const slot of slots) {
      if (slot.job) this.#settle(slot.job, error);
      void this.#close(slot);
    }
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (!slot.model || slot.job) continue;
      const job = this.#queue.shift();
      if (!job) return;
      slot.job = job;
      job.startedAt = performance.now();
      slot.worker.postMessage({ type: 'transcribe', id: job.id, path: job.path, options: job.options } satisfies ToWorker);
    }
  }

  #abort(job: Job): void {
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) this.#queue.splice(queued, 1);
    const slot = this.#slots.find((s) => s.job === job);
    // the worker stays busy until it has stopped, then reports and takes the next job
    slot?.worker.postMessage({ type: 'cancel', id: job.id } satisfies ToWorker);
    this.#settle(job, job.signal?.reason ?? new DOMException('The transcription was cancelled.', 'AbortError'));
  }

  #settle(job: Job, error: unknown, result?: TranscriptionResult): void {
    if (job.settled) return;
    job.settled = true;
    job.signal?.removeEventListener('abort', job.onAbort);
    if (result) job.resolve(result);
    else job.reject(error);
  }
}

function plainOptions(o: TranscribeFileOptions): WorkerJobOptions {
  const out: WorkerJobOptions = {};
  if (o.decoder !== undefined) out.decoder = o.decoder;
  if (o.beam !== undefined) out.beam = o.beam;
  if (o.vocabulary !== undefined) out.vocabulary = o.vocabulary;
  if (o.lm !== undefined) out.lm = o.lm;
  if (o.domainText !== undefined) out.domainText = o.domainText;
  if (o.windowSeconds !== undefined) out.windowSeconds = o.windowSeconds;
  if (o.overlapSeconds !== undefined) out.overlapSeconds = o.overlapSeconds;
  if (o.punctuate !== undefined) out.punctuate = o.punctuate;
  if (o.speakers !== undefined) out.speakers = o.speakers;
  return out;
}

// From source this module is src/node/TranscriberPool.ts beside transcribeWorker.ts; built, it is bundled into
// dist/*.js and the worker is dist/node/transcribeWorker.js. Same extension as this module in both cases.
function workerUrl(): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const candidates = [`./transcribeWorker${ext}`, `./node/transcribeWorker${ext}`].map((rel) => new URL(rel, import.meta.url));
  const found = candidates.find((url) => existsSync(fileURLToPath(url)));
  if (!found) throw new Error(`transcribeWorker${ext} not found beside ${fileURLToPath(import.meta.url)}`);
  return found;
}
