import { existsSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { ModelBundleError } from '@verbatim/asr';
import { TranscriberPool, TranscriberPoolError } from '@verbatim/asr/node';
import { segmentWords, type PluginProvenance } from '@verbatim/core';
import type { OnPluginError, PluginProblem } from '@verbatim/plugin-host';
import type { Logger } from '../http/Logger.ts';
import type { MediaStore } from '../media/MediaStore.ts';
import { Emitter, type Event } from '../queue/Emitter.ts';
import type { Job } from '../queue/Job.ts';
import type { JobQueue } from '../queue/JobQueue.ts';
import { runClaimedJob, type JobContext, type JobOutcome } from '../queue/runClaimedJob.ts';
import type { ServerPlugins } from '../plugins/loadServerPlugins.ts';
import { ProjectPluginStore } from '../plugins/ProjectPluginStore.ts';
import type { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { isRetryableJobError } from './isRetryableJobError.ts';
import { JobError } from './JobError.ts';
import { pluginDecoding } from './pluginDecoding.ts';
import { postProcessWords } from './postProcessWords.ts';
import { splitSpacedWords } from './splitSpacedWords.ts';
import { storeJobTranscript } from './storeJobTranscript.ts';
import { readTranscribeJobPayload, TRANSCRIBE_JOB_KIND } from './transcribeJobPayload.ts';
import { toVocabularyEntries, VocabularyStore } from '../vocabulary/VocabularyStore.ts';

/** Options of {@link JobRunner}. */
export interface JobRunnerOptions {
  readonly db: Database;
  /** The queue the HTTP routes use too, so their event streams see the runner's progress. */
  readonly queue: JobQueue;
  readonly media: MediaStore;
  readonly transcripts: TranscriptStore;
  /** The model bundle the transcriber pool loads (on the first job). */
  readonly bundleDir: string;
  /** Jobs run at once, each on its own worker thread (default 1). */
  readonly workers?: number;
  /** Lease of a claimed job (default 30 s); a crashed server's jobs are claimed again once it runs out. */
  readonly leaseMs?: number;
  /** Time between heartbeats, which also carry progress (default 1 s). */
  readonly heartbeatMs?: number;
  /** How often idle workers look for due jobs (retries after a backoff, other processes' jobs; default 1 s). */
  readonly pollMs?: number;
  readonly logger?: Logger;
  /** The installed plugins and their host; a project's enabled plugins run in its jobs (default: none). */
  readonly plugins?: Pick<ServerPlugins, 'host' | 'get'>;
  /** When a plugin's post-processor fails: leave the plugin out (`skip`, the default) or fail the job (`fail`). */
  readonly pluginErrors?: OnPluginError;
}

/** Options of {@link JobRunner.stop}. */
export interface StopJobRunnerOptions {
  /** How long running jobs may take to finish before they are given back to the queue (default 10 s). */
  readonly timeoutMs?: number;
}

/** How one attempt at a job ended. */
export interface FinishedJobAttempt {
  readonly jobId: string;
  readonly outcome: JobOutcome;
}

/**
 * Runs `transcribe` jobs from the queue: each of `workers` loops claims a job under a lease, transcribes its media on
 * a {@link TranscriberPool} worker thread while heartbeats keep the lease and carry the progress, and stores the
 * transcript (record, original words and Y.Doc) once per job. The project's vocabulary, if it has one, is boosted
 * (with beam search), together with the vocabularies and domain text of the plugins the project enabled; their
 * post-processors then rewrite the recognised words (the original words stay the recogniser's), and the transcript
 * records which plugins touched it and every change they made. A failing plugin is left out and logged with the job
 * id, or with `pluginErrors: 'fail'` fails the job with its message. Audio the decoder refuses and a vocabulary the
 * model cannot spell fail the job with the decoder's message; other errors are retried with backoff. A cancel
 * aborts the job at its next heartbeat.
 *
 * @example
 * const runner = new JobRunner({ db, queue, media, transcripts, bundleDir: config.modelDir, workers: config.workers });
 * runner.start();
 * process.once('SIGTERM', () => void runner.stop({ timeoutMs: 10_000 }));
 */
export class JobRunner {
  readonly #options: JobRunnerOptions;
  readonly #workers: number;
  readonly #leaseMs: number;
  readonly #heartbeatMs: number;
  readonly #pollMs: number;
  readonly #instance = crypto.randomUUID();
  readonly #shutdown = new AbortController();
  readonly #onDidFinishAttempt = new Emitter<FinishedJobAttempt>();
  readonly #wakers = new Set<() => void>();
  #loops: Promise<void>[] = [];
  #subscription: { dispose(): void } | undefined;
  #pool: TranscriberPool | undefined;
  #vocabulary: VocabularyStore | undefined;
  #projectPlugins: ProjectPluginStore | undefined;
  #stopping: Promise<void> | undefined;

  /** Fires after each attempt at a job ends (succeeded, retried, failed, cancelled, lost or released). */
  readonly onDidFinishAttempt: Event<FinishedJobAttempt> = this.#onDidFinishAttempt.event;

  constructor(options: JobRunnerOptions) {
    this.#options = options;
    this.#workers = options.workers ?? 1;
    if (!Number.isInteger(this.#workers) || this.#workers < 1) throw new RangeError(`workers must be a positive integer, not ${this.#workers}.`);
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#heartbeatMs = options.heartbeatMs ?? 1_000;
    this.#pollMs = options.pollMs ?? 1_000;
  }

  /** Recovers jobs whose lease expired (a previous process crashed) and starts the worker loops. Once only. */
  start(): void {
    if (this.#loops.length > 0 || this.#stopping !== undefined) return;
    this.#subscription = this.#options.queue.onDidChangeJob((job) => {
      if (job.state === 'queued') this.#wake();
    });
    try {
      this.#options.queue.recoverExpired();
    } catch (error) {
      this.#options.logger?.warn({ err: error }, 'could not recover expired jobs; the next claim will');
    }
    for (let slot = 0; slot < this.#workers; slot++) this.#loops.push(this.#loop(`${this.#instance}/${slot}`));
  }

  /**
   * Stops claiming, lets running jobs finish for up to `timeoutMs`, then gives the rest back to the queue (they are
   * claimed again at the next start, without counting the attempt) and stops the transcriber pool.
   */
  stop(options: StopJobRunnerOptions = {}): Promise<void> {
    this.#stopping ??= (async () => {
      this.#wake();
      const timer = setTimeout(() => this.#shutdown.abort(new Error('The server is shutting down.')), options.timeoutMs ?? 10_000);
      await Promise.all(this.#loops);
      clearTimeout(timer);
      this.#subscription?.dispose();
      this.#onDidFinishAttempt.dispose();
      await this.#pool?.dispose();
      this.#pool = undefined;
    })();
    return this.#stopping;
  }

  async #loop(workerId: string): Promise<void> {
    const { queue, logger } = this.#options;
    while (this.#stopping === undefined) {
      let job: Job | undefined;
      try {
        job = queue.claim(workerId, this.#leaseMs);
      } catch (error) {
        // a busy or closing database: try again at the next poll
        logger?.warn({ err: error, workerId }, 'could not claim a job');
      }
      if (job === undefined) {
        await this.#idle();
        continue;
      }
      const started = Date.now();
      let outcome: JobOutcome;
      try {
        outcome = await runClaimedJob(queue, job, (claimed, context) => this.#run(claimed, context), {
          workerId,
          leaseMs: this.#leaseMs,
          heartbeatMs: this.#heartbeatMs,
          isRetryable: isRetryableJobError,
          signal: this.#shutdown.signal,
        });
      } catch (error) {
        // recording the outcome failed (the database refused the write): the lease runs out and the job is claimed again
        logger?.error({ err: error, jobId: job.id, workerId }, 'could not record the outcome of a job');
        await this.#idle();
        continue;
      }
      logger?.info({ jobId: job.id, projectId: job.projectId, outcome, attempt: job.attempts, ms: Date.now() - started }, `job ${outcome}`);
      this.#onDidFinishAttempt.fire({ jobId: job.id, outcome });
    }
  }

  async #run(job: Job, { signal, reportProgress }: JobContext): Promise<{ transcriptId: string; lm: string }> {
    if (job.kind !== TRANSCRIBE_JOB_KIND) throw new JobError('unknown-kind', `This server does not run jobs of kind "${job.kind}".`);
    const { mediaId, lm } = readTranscribeJobPayload(job.payload);
    const { media, transcripts, db } = this.#options;
    const record = media.get(mediaId);
    if (record === undefined || record.projectId !== job.projectId) {
      throw new JobError('media-not-found', `The media ${mediaId} to transcribe is no longer in this project.`);
    }
    const path = media.blobPath(record.sha256);
    if (!existsSync(path)) throw new JobError('media-file-missing', `The stored file of media ${mediaId} is missing; upload it again.`);
    const pool = (this.#pool ??= new TranscriberPool({ bundleDir: this.#options.bundleDir, workers: this.#workers, threadsPerWorker: 1 }));
    // read at each attempt, so a retry uses the vocabulary as it is now; a vocabulary makes the decoder use beam search
    const vocabulary = toVocabularyEntries((this.#vocabulary ??= new VocabularyStore(db)).list(job.projectId));
    if (vocabulary.length > 0) this.#options.logger?.info({ jobId: job.id, projectId: job.projectId, vocabularyEntries: vocabulary.length }, 'transcribing with the project vocabulary');
    const pluginIds = this.#enabledPlugins(job.projectId);
    const host = this.#options.plugins?.host;
    const onSkip = (problem: PluginProblem): void =>
      this.#options.logger?.warn({ jobId: job.id, projectId: job.projectId, pluginId: problem.pluginId, code: problem.code }, `plugin skipped: ${problem.message}`);
    const fromPlugins = host !== undefined && pluginIds.length > 0 ? await pluginDecoding(host, pluginIds, { signal, onSkip }) : undefined;
    if (fromPlugins !== undefined) {
      this.#options.logger?.info({ jobId: job.id, projectId: job.projectId, plugins: pluginIds, pluginVocabularyEntries: fromPlugins.vocabulary.length }, 'transcribing with plugins');
    }
    const decodeVocabulary = [...vocabulary, ...(fromPlugins?.vocabulary ?? [])];
    const domainText = fromPlugins?.domainText ?? [];
    let result;
    try {
      result = await pool.transcribeFile(path, {
        ...(decodeVocabulary.length > 0 ? { vocabulary: decodeVocabulary } : {}),
        ...(domainText.length > 0 ? { domainText } : {}),
        ...(lm === undefined ? {} : { lm }),
        signal,
        onProgress: (fraction) => {
          if (fraction !== undefined) reportProgress(fraction);
        },
      });
    } catch (error) {
      // a pool whose model failed to load (or whose workers died) fails every job: the next job starts a new one
      if (error instanceof ModelBundleError || (error instanceof TranscriberPoolError && error.code !== 'disposed')) this.#dropPool(pool);
      throw error;
    }
    // a document holds one leaf per space-free word; a vocabulary's written form may have spaces
    const original = splitSpacedWords(result.words);
    const processed =
      host !== undefined && pluginIds.length > 0
        ? await postProcessWords(host, pluginIds, original, { onError: this.#options.pluginErrors ?? 'skip', signal, onSkip })
        : undefined;
    const transcriptId = storeJobTranscript(db, transcripts, {
      jobId: job.id,
      projectId: job.projectId,
      mediaId,
      model: result.model,
      segments: segmentWords(processed === undefined ? original : splitSpacedWords(processed.words)),
      ...(processed === undefined ? {} : { originalSegments: segmentWords(original), changes: processed.changes }),
      plugins: touchedBy(fromPlugins?.plugins ?? [], processed?.plugins ?? []),
    });
    return { transcriptId, lm: result.lm };
  }

  // the project's enabled plugins that are still installed; read at each attempt, like the vocabulary
  #enabledPlugins(projectId: string): string[] {
    const plugins = this.#options.plugins;
    if (plugins === undefined) return [];
    const store = (this.#projectPlugins ??= new ProjectPluginStore(this.#options.db));
    return store.list(projectId).map((p) => p.pluginId).filter((id) => plugins.get(id) !== undefined);
  }

  #dropPool(pool: TranscriberPool): void {
    if (this.#pool !== pool) return;
    this.#pool = undefined;
    void pool.dispose();
  }

  #idle(): Promise<void> {
    if (this.#stopping !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.#pollMs);
      this.#wakers.add(done);
    });
  }

  #wake(): void {
    for (const waker of [...this.#wakers]) waker();
  }
}

// provenance: every plugin whose vocabulary decoded the words or whose post-processors ran, in the order plugins run
function touchedBy(...lists: readonly PluginProvenance[][]): PluginProvenance[] {
  const byId = new Map(lists.flat().map((p) => [p.id, p]));
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
