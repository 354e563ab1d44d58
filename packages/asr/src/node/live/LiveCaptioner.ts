import type { CaptionJson } from '@verbatim/core/api';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModelBundle } from '../../bundle/ModelBundle.ts';
import type { VocabularyEntry } from '../../decode/VocabularyEntry.ts';
import type { LiveWarning } from '../../live/LiveRecognizer.ts';
import { createVocabularyGraph } from '../../transcribe/createVocabularyGraph.ts';
import type { LanguageModelMode } from '../../transcribe/prepareDecoding.ts';
import { TranscribeError } from '../../transcribe/TranscribeError.ts';
import { loadModelBundle } from '../loadModelBundle.ts';
import { deserializeError } from '../workerErrors.ts';
import type { ModelInfo } from '../workerProtocol.ts';
import type { FromLiveWorker, LiveWorkerInit, ToLiveWorker } from './liveProtocol.ts';

/** Options of {@link LiveCaptioner.open}. */
export interface LiveCaptionerOptions {
  /** The model bundle directory the worker loads. */
  bundleDir: string;
  /** ONNX intra-op threads of the worker's one session (default 1). */
  threads?: number;
}

/** Options of {@link LiveCaptioner.startSession}. */
export interface LiveSessionOptions {
  /** Phrases to favour and show in their display form (the project's and the plugins'). */
  vocabulary?: VocabularyEntry[];
  /**
   * The word language model, as for a transcription job (`prepareDecoding`): `adapted` (the default when the bundle
   * has an LM: the vocabulary and `domainText` adapt it), `base`, or `off` (the default without one).
   */
  lm?: LanguageModelMode;
  /** Domain sentences (the plugins') that adapt the LM. */
  domainText?: string[];
  /** Audio between two re-decodes of the session's window, in ms (default 200; 100 to 5000). */
  cadenceMs?: number;
  /**
   * Where the first pushed sample lies on the session clock, and the `seq` of its next final (defaults 0): to
   * continue a session (e.g. after a server restart) with the same times and numbering.
   */
  startSample?: number;
  startSeq?: number;
}

/** What a session's listener hears. */
export type LiveCaptionerEvent =
  | { type: 'caption'; caption: CaptionJson }
  | { type: 'warning'; code: LiveWarning['code']; message: string }
  | { type: 'decoded'; decodedSamples: number }
  /** The session's decoding failed; it takes no more audio (`end` rejects). */
  | { type: 'failed'; message: string };

/** A session's cost and progress. */
export interface LiveSessionStats {
  /** Decoding time used so far (front end, model, search), in ms of the worker's one thread. */
  cpuMs: number;
  /** Audio decoded so far, in samples. */
  decodedSamples: number;
  /** Audio pushed so far, in samples (on the session clock: `startSample` included). */
  receivedSamples: number;
}

interface Session {
  options: Required<LiveSessionOptions>;
  listeners: Set<(event: LiveCaptionerEvent) => void>;
  received: number;
  finals: number;
  cpuMs: number;
  decodedSamples: number;
  ending: { promise: Promise<CaptionJson[]>; resolve: (finals: CaptionJson[]) => void; reject: (error: Error) => void } | undefined;
  ended: boolean;
  failed: Error | undefined;
}

const DEFAULT_CADENCE_MS = 200;
// a worker asked to shut down gets this long to finish its model run before it is terminated
const CLOSE_TIMEOUT_MS = 30_000;
// a worker that dies is restarted (its sessions continue on the same clock) at most this often per minute
const MAX_RESTARTS_PER_MINUTE = 3;

/**
 * Live captions for many sessions at once on ONE worker thread with its own ONNX session, so the calling thread
 * never runs the model and sessions share one core's worth of decoding: each session is a {@link LiveRecognizer}
 * whose window is re-decoded every `cadenceMs` of audio it receives. Decodes run one at a time, round-robin; a
 * session whose audio arrived faster than it could be decoded gets one decode over all of it (its skipped partial
 * updates are coalesced, never queued) and a `behind-real-time` warning. Per-session memory is bounded by the
 * recogniser's backlog limit (60 s of audio).
 *
 * @example
 * const captioner = await LiveCaptioner.open({ bundleDir: 'models/verbatim-en-char-v1' });
 * captioner.startSession('s1', { vocabulary });
 * const off = captioner.on('s1', (e) => e.type === 'caption' && send(e.caption));
 * captioner.push('s1', pcm); // Int16Array at captioner.sampleRate
 * const last = await captioner.end('s1');
 * captioner.close('s1');
 * await captioner.dispose();
 */
export class LiveCaptioner {
  readonly #bundle: ModelBundle;
  readonly #init: LiveWorkerInit;
  readonly #sessions = new Map<string, Session>();
  #worker!: Worker;
  #exited!: Promise<void>;
  #model: ModelInfo | undefined;
  #restarts: number[] = [];
  #disposed = false;
  #failure: Error | undefined;

  private constructor(bundle: ModelBundle, init: LiveWorkerInit) {
    this.#bundle = bundle;
    this.#init = init;
  }

  /**
   * Loads the bundle and starts the worker; resolves once the worker has its model.
   *
   * @throws {ModelBundleError} when the bundle cannot be loaded; {@link RangeError} for a bad `threads`.
   */
  static async open(options: LiveCaptionerOptions): Promise<LiveCaptioner> {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
    const bundle = await loadModelBundle(options.bundleDir);
    const captioner = new LiveCaptioner(bundle, { bundleDir: resolve(options.bundleDir), threads });
    await captioner.#spawn();
    return captioner;
  }

  /** The model the captions come from. */
  get model(): ModelInfo {
    return this.#model!;
  }

  /** The sample rate `push` takes, in Hz (the bundle's). */
  get sampleRate(): number {
    return this.#bundle.sampleRate;
  }

  /**
   * Whether it takes new sessions: false once disposed, or once its worker kept stopping and it gave up (then every
   * {@link startSession} throws why, and a host should open a fresh captioner).
   */
  get usable(): boolean {
    return !this.#disposed && this.#failure === undefined;
  }

  /** Sessions started and not closed. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /**
   * Starts a session; audio follows with {@link push}.
   *
   * @throws {Error} when `id` is already used or the captioner was disposed; {@link RangeError} for bad options;
   *   {@link VocabularyError} for vocabulary entries the model cannot use; {@link TranscribeError} `invalid-option`
   *   for an LM the bundle does not have.
   */
  startSession(id: string, options: LiveSessionOptions = {}): void {
    this.#usable();
    if (typeof id !== 'string' || id === '') throw new TypeError('a live session needs a non-empty string id');
    if (this.#sessions.has(id)) throw new Error(`live session ${id} is already started`);
    const cadenceMs = options.cadenceMs ?? DEFAULT_CADENCE_MS;
    if (!(Number.isFinite(cadenceMs) && cadenceMs >= 100 && cadenceMs <= 5000)) throw new RangeError(`cadenceMs must be between 100 and 5000, got ${cadenceMs}`);
    const startSample = options.startSample ?? 0;
    const startSeq = options.startSeq ?? 0;
    for (const [name, value] of [['startSample', startSample], ['startSeq', startSeq]] as const) {
      if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
    }
    const vocabulary = options.vocabulary ?? [];
    // checked here so a bad entry is the caller's error at once, not a failed session later
    if (vocabulary.length) createVocabularyGraph(this.#bundle, vocabulary);
    const lm = options.lm ?? (this.#bundle.lm === undefined ? 'off' : 'adapted');
    if (lm !== 'off' && lm !== 'base' && lm !== 'adapted') throw new TranscribeError('invalid-option', `lm must be "off", "base" or "adapted", got ${JSON.stringify(lm)}`);
    if (lm !== 'off' && this.#bundle.lm === undefined) {
      throw new TranscribeError('invalid-option', `lm "${lm}" needs a language model, and bundle ${this.#bundle.id} ${this.#bundle.version} has none (use lm "off")`);
    }
    const domainText = options.domainText ?? [];
    if (!Array.isArray(domainText) || domainText.some((text) => typeof text !== 'string')) throw new TypeError('domainText must be an array of strings');
    this.#sessions.set(id, {
      options: { vocabulary, lm, domainText, cadenceMs, startSample, startSeq },
      listeners: new Set(),
      received: startSample,
      finals: startSeq,
      cpuMs: 0,
      decodedSamples: startSample,
      ending: undefined,
      ended: false,
      failed: undefined,
    });
    this.#post({ type: 'start', id, session: { vocabulary, lm, domainText, cadenceMs, startSample, startSeq } });
  }

  /**
   * Audio of a session: 16-bit samples at {@link sampleRate} (copied; the caller keeps its array).
   *
   * @throws {Error} for an unknown, ended or failed session; {@link TypeError} when `pcm` is not an Int16Array.
   */
  push(id: string, pcm: Int16Array): void {
    const s = this.#session(id);
    if (!(pcm instanceof Int16Array)) throw new TypeError('push takes an Int16Array of s16le samples');
    if (s.failed) throw s.failed;
    if (s.ending) throw new Error(`live session ${id} has ended its input`);
    if (pcm.length === 0) return;
    const copy = pcm.slice();
    s.received += copy.length;
    this.#post({ type: 'push', id, pcm: copy }, [copy.buffer]);
  }

  /**
   * The session's input ended: decodes what is left and makes every pending word final. Resolves with those last
   * finals once they were emitted to the listeners (the session stays open for {@link stats} until {@link close}).
   */
  end(id: string): Promise<CaptionJson[]> {
    const s = this.#session(id);
    if (s.failed) return Promise.reject(s.failed);
    if (!s.ending) {
      let resolvePromise!: (finals: CaptionJson[]) => void;
      let rejectPromise!: (error: Error) => void;
      const promise = new Promise<CaptionJson[]>((res, rej) => {
        resolvePromise = res;
        rejectPromise = rej;
      });
      promise.catch(() => {}); // surfaced to whoever awaits end(); never unhandled
      s.ending = { promise, resolve: resolvePromise, reject: rejectPromise };
      this.#post({ type: 'end', id });
    }
    return s.ending.promise;
  }

  /** Forgets a session (its pending decode is dropped; a pending {@link end} rejects). Unknown ids are ignored. */
  close(id: string): void {
    const s = this.#sessions.get(id);
    if (!s) return;
    this.#sessions.delete(id);
    s.listeners.clear();
    if (s.ending && !s.ended) s.ending.reject(new Error(`live session ${id} was closed before its last captions`));
    if (!this.#disposed) this.#post({ type: 'close', id });
  }

  /** Listens to a session's captions, warnings and progress; returns the function that stops listening. */
  on(id: string, listener: (event: LiveCaptionerEvent) => void): () => void {
    const s = this.#session(id);
    s.listeners.add(listener);
    return () => {
      s.listeners.delete(listener);
    };
  }

  /** @throws {Error} for an unknown session. */
  stats(id: string): LiveSessionStats {
    const s = this.#session(id);
    return { cpuMs: s.cpuMs, decodedSamples: s.decodedSamples, receivedSamples: s.received };
  }

  /** Stops the worker (after its model run in flight) and closes every session; pending `end`s reject. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const id of [...this.#sessions.keys()]) this.close(id);
    this.#worker.postMessage({ type: 'shutdown' } satisfies ToLiveWorker);
    const timer = setTimeout(() => void this.#worker.terminate(), CLOSE_TIMEOUT_MS);
    timer.unref();
    await this.#exited;
    clearTimeout(timer);
  }

  #usable(): void {
    if (this.#disposed) throw new Error('The live captioner was disposed.');
    if (this.#failure) throw this.#failure;
  }

  #session(id: string): Session {
    const s = this.#sessions.get(id);
    if (!s) throw new Error(`no live session ${id} (start it first)`);
    return s;
  }

  #post(message: ToLiveWorker, transfer: ArrayBuffer[] = []): void {
    this.#worker.postMessage(message, transfer);
  }

  #spawn(): Promise<void> {
    const worker = new Worker(workerUrl(), { workerData: this.#init });
    this.#worker = worker;
    this.#exited = new Promise((res) => worker.once('exit', () => res()));
    return new Promise<void>((resolveReady, rejectReady) => {
      let ready = false;
      worker.on('message', (message: FromLiveWorker) => {
        if (message.type === 'ready') {
          ready = true;
          this.#model = message.model;
          resolveReady();
        } else if (message.type === 'init-error') {
          rejectReady(deserializeError(message.error));
        } else {
          this.#onMessage(message);
        }
      });
      const died = (error: Error) => {
        if (!ready) rejectReady(error);
        else if (worker === this.#worker) this.#onWorkerDied(error);
      };
      worker.on('error', died);
      worker.on('exit', (code) => {
        if (!this.#disposed) died(new Error(`The live captioning worker stopped unexpectedly (exit code ${code}).`));
      });
    });
  }

  #onMessage(message: Exclude<FromLiveWorker, { type: 'ready' | 'init-error' }>): void {
    const s = this.#sessions.get(message.id);
    if (!s) return;
    switch (message.type) {
      case 'caption':
        if (message.caption.final) s.finals = message.caption.seq + 1;
        this.#emit(s, { type: 'caption', caption: message.caption });
        return;
      case 'warning':
        this.#emit(s, { type: 'warning', code: message.warning.code, message: message.warning.message });
        return;
      case 'decoded':
        s.cpuMs = message.cpuMs;
        s.decodedSamples = message.decodedSamples;
        this.#emit(s, { type: 'decoded', decodedSamples: message.decodedSamples });
        return;
      case 'ended':
        s.ended = true;
        s.ending?.resolve(message.finals);
        return;
      case 'failed': {
        const error = deserializeError(message.error);
        s.failed = error;
        s.ending?.reject(error);
        this.#emit(s, { type: 'failed', message: error.message });
      }
    }
  }

  #emit(s: Session, event: LiveCaptionerEvent): void {
    for (const listener of [...s.listeners]) {
      try {
        listener(event);
      } catch {
        // a throwing listener must not take the captioner or the other listeners down
      }
    }
  }

  // a crashed worker is replaced and every session continues on its clock from the audio received so far; what it
  // had not decoded yet is lost, and the session is told so
  #onWorkerDied(error: Error): void {
    if (this.#disposed || this.#failure) return;
    const now = Date.now();
    this.#restarts = this.#restarts.filter((t) => now - t < 60_000);
    if (this.#restarts.length >= MAX_RESTARTS_PER_MINUTE) {
      this.#failure = new Error(`The live captioning worker keeps stopping (${error.message}); captions are off.`);
      for (const s of this.#sessions.values()) {
        s.failed = this.#failure;
        s.ending?.reject(this.#failure);
        this.#emit(s, { type: 'failed', message: this.#failure.message });
      }
      return;
    }
    this.#restarts.push(now);
    this.#spawn().then(
      () => {
        for (const [id, s] of this.#sessions) {
          if (s.failed || s.ended) continue;
          const lost = (s.received - s.decodedSamples) / this.#bundle.sampleRate;
          s.options = { ...s.options, startSample: s.received, startSeq: s.finals };
          s.decodedSamples = s.received;
          this.#post({ type: 'start', id, session: s.options });
          if (s.ending) this.#post({ type: 'end', id });
          this.#emit(s, { type: 'warning', code: 'behind-real-time', message: `The recogniser restarted; ${lost.toFixed(1)} s of audio got no captions.` });
        }
      },
      (spawnError: Error) => this.#onWorkerDied(spawnError),
    );
  }
}

// From source this module is src/node/live/LiveCaptioner.ts beside liveWorker.ts; built, it is bundled into
// dist/*.js and the worker is dist/node/live/liveWorker.js. Same extension as this module in both cases.
function workerUrl(): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const candidates = [`./liveWorker${ext}`, `./node/live/liveWorker${ext}`].map((rel) => new URL(rel, import.meta.url));
  const found = candidates.find((url) => existsSync(fileURLToPath(url)));
  if (!found) throw new Error(`liveWorker${ext} not found beside ${fileURLToPath(import.meta.url)}`);
  return found;
}
