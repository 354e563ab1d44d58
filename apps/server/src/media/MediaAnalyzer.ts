import { Worker } from 'node:worker_threads';
import { AudioDecodeError } from '@verbatim/asr';
import { probeAudio } from '@verbatim/asr/node';
import type { AnalysisReply, AnalysisRequest } from './analysisMessages.ts';
import type { MediaAnalysis } from './analyzeMedia.ts';
import { MediaError } from './MediaError.ts';
import { checkStatedLength, DEFAULT_MEDIA_LIMITS, type MediaLimits } from './MediaLimits.ts';
import { toMediaError } from './toMediaError.ts';

/** Options of {@link MediaAnalyzer}. */
export interface MediaAnalyzerOptions {
  /** What is accepted of one recording (default {@link DEFAULT_MEDIA_LIMITS}). */
  readonly limits?: MediaLimits;
  /** Files decoded at once, each in its own worker thread; the others wait their turn (default 1). */
  readonly concurrency?: number;
  /** JavaScript heap limit of each worker, in MB (default 256; decoded audio never accumulates there). */
  readonly workerHeapMb?: number;
}

interface Waiter {
  readonly start: () => void;
  readonly cancel: () => void;
}

const WORKER_URL = new URL('./analyzeMediaWorker.ts', import.meta.url);

/**
 * Checks uploaded files before the server keeps them, without blocking its event loop: first their headers
 * (`probeAudio`: a few hundred kB read, no decoding), refusing a file whose stated length is over the limits
 * or whose header promises more than the file holds, at once; then the whole file is decoded for its duration and
 * peaks (`analyzeMedia`) in a worker thread of its own, at most `concurrency` at a time, which stops as soon as the
 * decoded audio passes the limits. Aborting an analysis terminates its worker (and the worker's ffmpeg).
 *
 * @example
 * const analyzer = new MediaAnalyzer({ limits: { maxDurationSeconds: 6 * 3600, maxExpansion: 1000 } });
 * const { durationSeconds, peaks } = await analyzer.analyze(tempPath, 'interview.flac', request.signal);
 */
export class MediaAnalyzer {
  readonly limits: MediaLimits;
  readonly #concurrency: number;
  readonly #heapMb: number;
  #running = 0;
  readonly #waiting: Waiter[] = [];
  readonly #workers = new Set<Worker>();
  #disposed = false;

  constructor(options: MediaAnalyzerOptions = {}) {
    this.limits = options.limits ?? DEFAULT_MEDIA_LIMITS;
    this.#concurrency = Math.max(1, options.concurrency ?? 1);
    this.#heapMb = options.workerHeapMb ?? 256;
  }

  /**
   * Analyses the file at `path` (the client called it `displayName`).
   *
   * @throws {MediaError} what `probeAudio` and `analyzeMedia` refuse: `empty-file`, `unsupported-format`,
   *   `truncated-file`, `invalid-audio`, `audio-too-long`, `expansion-too-high`. Rejects with an `aborted`
   *   `AudioDecodeError` when `signal` fires or the analyzer is disposed.
   */
  async analyze(path: string, displayName: string, signal?: AbortSignal): Promise<MediaAnalysis> {
    let fileBytes: number;
    try {
      const probe = await probeAudio(path);
      fileBytes = probe.bytes;
      checkStatedLength(probe.durationSeconds, probe.bytes, this.limits, displayName);
    } catch (error) {
      throw toMediaError(error, displayName);
    }
    await this.#turn(signal);
    try {
      return await this.#inWorker({ path, options: { displayName, fileBytes, limits: this.limits } }, signal);
    } finally {
      this.#release();
    }
  }

  /** Terminates running analyses (they reject with `aborted`) and refuses new ones. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.cancel();
    await Promise.all([...this.#workers].map((worker) => worker.terminate()));
  }

  // resolves when this analysis may start, holding a slot; a finished analysis hands its slot to the longest waiting
  async #turn(signal: AbortSignal | undefined): Promise<void> {
    if (this.#disposed || signal?.aborted) throw aborted();
    if (this.#running < this.#concurrency) {
      this.#running++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(aborted());
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        cancel: () => {
          signal?.removeEventListener('abort', onAbort);
          reject(aborted());
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#running--;
    else next.start();
  }

  #inWorker(request: AnalysisRequest, signal: AbortSignal | undefined): Promise<MediaAnalysis> {
    const worker = new Worker(WORKER_URL, { workerData: request, resourceLimits: { maxOldGenerationSizeMb: this.#heapMb } });
    this.#workers.add(worker);
    return new Promise<MediaAnalysis>((resolve, reject) => {
      let settled = false;
      const settle = (finish: () => void): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        this.#workers.delete(worker);
        // the worker ends by itself after replying; this also stops one that was cancelled or went wrong
        void worker.terminate();
        finish();
      };
      const onAbort = (): void => settle(() => reject(aborted()));
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.once('message', (reply: AnalysisReply) => {
        settle(() => {
          if (reply.ok) resolve(reply.analysis);
          else if (reply.error.kind === 'media') reject(new MediaError(reply.error.code, reply.error.message));
          else reject(new Error(`Analysing "${request.options.displayName}" failed: ${reply.error.message}`));
        });
      });
      worker.once('error', (error) => settle(() => reject(error)));
      worker.once('exit', (code) => settle(() => reject(this.#disposed ? aborted() : new Error(`The analysis worker stopped (exit code ${code}) before it answered.`))));
    });
  }
}

function aborted(): AudioDecodeError {
  return new AudioDecodeError('aborted', 'The analysis of the upload was cancelled.');
}
