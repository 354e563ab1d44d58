import { ModelBundleError } from '@verbatim/asr';
import { TranscriberPoolError, type TranscriberPool } from '@verbatim/asr/node';
import { segmentWords, type ModelProvenance, type PluginProvenance, type Segment, type Word } from '@verbatim/core';
import type { OnPluginError, PluginProblem } from '@verbatim/plugin-host';
import { ModelRegistryError } from '../models/ModelRegistryError.ts';
import { identityOf } from '../models/ModelRegistry.ts';
import type { ServerPlugins } from '../plugins/loadServerPlugins.ts';
import { ProjectPluginStore } from '../plugins/ProjectPluginStore.ts';
import { toVocabularyEntries, VocabularyStore } from '../vocabulary/VocabularyStore.ts';
import type { JobHandler, JobHandlerContext } from './JobHandler.ts';
import { JobError } from './JobError.ts';
import { localBlob } from './localBlob.ts';
import { pluginDecoding } from './pluginDecoding.ts';
import { postProcessWords } from './postProcessWords.ts';
import { keepPunctuation } from './keepPunctuation.ts';
import { speakerSegments } from './speakerSegments.ts';
import { splitSpacedWords } from './splitSpacedWords.ts';
import { storeJobTranscript } from './storeJobTranscript.ts';
import { readTranscribeJobPayload } from './transcribeJobPayload.ts';

/** Options of {@link transcribeJobHandler}. */
export interface TranscribeJobHandlerOptions {
  /** The installed plugins and their host; a project's enabled plugins run in its jobs (default: none). */
  readonly plugins?: Pick<ServerPlugins, 'host' | 'get'> | undefined;
  /** When a plugin's post-processor fails: leave the plugin out (`skip`, the default) or fail the job (`fail`). */
  readonly pluginErrors?: OnPluginError | undefined;
  /**
   * Without a model registry: the one bundle every job uses, the transcript recording the ONNX file's hash (as before
   * the model store). With a registry (the server), leave it out.
   */
  readonly bundleDir?: string | undefined;
  /** Called when the pool a job ran on is broken (its model failed to load, its workers died). */
  readonly discardPool?: ((pool: TranscriberPool) => void) | undefined;
}

/** The result of a `transcribe` job (core/api `TranscribeJobResultJson`). */
export interface TranscribeJobResult {
  transcriptId: string;
  lm: string;
  /** The model the job used: id, version and package hash (absent without a model registry). */
  model?: ModelProvenance;
  /** No punctuation model, fewer voices than asked for: what the reader should know (absent when nothing). */
  notes?: { punctuation?: 'unavailable'; punctuationNote?: string; speakersNote?: string };
}

/**
 * The `transcribe` job: resolves its model when it starts (the payload's `model`, else the project's default alias,
 * else the deployment's; recorded as the job's model, which later attempts keep while it is installed), transcribes its media on that model's shared pool while the
 * project's vocabulary, if any, is boosted (with beam search) together with the vocabularies and domain text of the
 * plugins the project enabled; their post-processors then rewrite the recognised words (the original words stay the
 * recogniser's), and the transcript records the model (id, version, package hash), which plugins touched it and
 * every change they made. A failing plugin is left out and logged with the job id, or with `pluginErrors: 'fail'`
 * fails the job with its message. A model that is not installed (or an alias pointing at a removed one), audio the
 * decoder refuses and a vocabulary the model cannot spell fail the job with their message.
 */
export function transcribeJobHandler(options: TranscribeJobHandlerOptions = {}): JobHandler {
  let vocabularies: VocabularyStore | undefined;
  let projectPlugins: ProjectPluginStore | undefined;

  // the project's enabled plugins that are still installed; read at each attempt, like the vocabulary
  const enabledPlugins = (context: JobHandlerContext, projectId: string): string[] => {
    const plugins = options.plugins;
    if (plugins === undefined) return [];
    return (projectPlugins ??= new ProjectPluginStore(context.db)).list(projectId).map((p) => p.pluginId).filter((id) => plugins.get(id) !== undefined);
  };

  return async (context) => {
    const { job, signal, reportProgress, media, transcripts, db, logger } = context;
    const payload = readTranscribeJobPayload(job.payload);
    const { mediaId, lm, punctuate, speakers } = payload;
    const record = media.get(mediaId);
    if (record === undefined || record.projectId !== job.projectId) {
      throw new JobError('media-not-found', `The media ${mediaId} to transcribe is no longer in this project.`);
    }
    // with an object store, downloaded into this node's cache (and checked) first
    const path = await localBlob(media, record.sha256, mediaId);

    // resolved when the job starts: an alias moved while it was queued applies, one moved while it runs does not; an
    // attempt after a restart or a retry goes on with the model the job started on while that is still installed
    let installed;
    if (options.bundleDir === undefined) {
      const started = context.models.jobModel(job.id);
      installed = started === undefined ? undefined : await context.models.find(started);
      try {
        installed ??= await context.models.resolve(job.projectId, payload.model);
      } catch (error) {
        if (error instanceof ModelRegistryError) throw new JobError('model-unavailable', error.message, { cause: error });
        throw error;
      }
      context.models.recordJobModel(job.id, identityOf(installed));
    }
    const lease = await context.acquirePool(installed ?? { sha256: `bundle:${options.bundleDir}`, dir: options.bundleDir! });
    try {
      const pool = lease.pool;
      // read at each attempt, so a retry uses the vocabulary as it is now; a vocabulary makes the decoder use beam search
      const vocabulary = toVocabularyEntries((vocabularies ??= new VocabularyStore(db)).list(job.projectId));
      if (vocabulary.length > 0) logger?.info({ jobId: job.id, projectId: job.projectId, vocabularyEntries: vocabulary.length }, 'transcribing with the project vocabulary');
      const pluginIds = enabledPlugins(context, job.projectId);
      const host = options.plugins?.host;
      const onSkip = (problem: PluginProblem): void =>
        logger?.warn({ jobId: job.id, projectId: job.projectId, pluginId: problem.pluginId, code: problem.code }, `plugin skipped: ${problem.message}`);
      const fromPlugins = host !== undefined && pluginIds.length > 0 ? await pluginDecoding(host, pluginIds, { signal, onSkip }) : undefined;
      if (fromPlugins !== undefined) {
        logger?.info({ jobId: job.id, projectId: job.projectId, plugins: pluginIds, pluginVocabularyEntries: fromPlugins.vocabulary.length }, 'transcribing with plugins');
      }
      const decodeVocabulary = [...vocabulary, ...(fromPlugins?.vocabulary ?? [])];
      const domainText = fromPlugins?.domainText ?? [];
      let result;
      try {
        result = await pool.transcribeFile(path, {
          ...(decodeVocabulary.length > 0 ? { vocabulary: decodeVocabulary } : {}),
          ...(domainText.length > 0 ? { domainText } : {}),
          ...(lm === undefined ? {} : { lm }),
          ...(punctuate === undefined ? {} : { punctuate }),
          ...(speakers === undefined ? {} : { speakers }),
          signal,
          onProgress: (fraction) => {
            if (fraction !== undefined) reportProgress(fraction);
          },
        });
      } catch (error) {
        // a pool whose model failed to load (or whose workers died) fails every job: the next job starts a new one
        if (error instanceof ModelBundleError || (error instanceof TranscriberPoolError && error.code !== 'disposed')) options.discardPool?.(pool);
        throw error;
      }
      // a document holds one leaf per space-free word; a vocabulary's written form may have spaces
      const original = splitSpacedWords(result.words);
      // post-processors read the spoken form their rules are written for; the punctuation goes back on after them
      const spoken = result.unpunctuated === undefined ? original : splitSpacedWords(result.unpunctuated);
      const rewritten =
        host !== undefined && pluginIds.length > 0
          ? await postProcessWords(host, pluginIds, spoken, { onError: options.pluginErrors ?? 'skip', signal, onSkip })
          : undefined;
      const processed = rewritten === undefined || spoken === original ? rewritten : { ...rewritten, words: keepPunctuation(rewritten.words, spoken, original) };
      const model: ModelProvenance = installed === undefined ? result.model : identityOf(installed);
      const transcriptId = storeJobTranscript(db, transcripts, {
        jobId: job.id,
        projectId: job.projectId,
        mediaId,
        model,
        // with speakers, turns follow the speakers the worker found (by time, so plugins' rewrites keep theirs)
        segments: turnsOf(processed === undefined ? original : splitSpacedWords(processed.words), result.segments),
        ...(processed === undefined ? {} : { originalSegments: turnsOf(original, result.segments), changes: processed.changes }),
        plugins: touchedBy(fromPlugins?.plugins ?? [], processed?.plugins ?? []),
      });
      const done: TranscribeJobResult = { transcriptId, lm: result.lm };
      const notes = {
        ...(result.notes.punctuation === 'unavailable' ? { punctuation: 'unavailable' as const, punctuationNote: result.notes.punctuationNote ?? 'no punctuation model' } : {}),
        ...(result.notes.speakersNote === undefined ? {} : { speakersNote: result.notes.speakersNote }),
      };
      if (Object.keys(notes).length > 0) done.notes = notes;
      if (installed !== undefined) done.model = model;
      return done;
    } finally {
      lease.release();
    }
  };
}

function turnsOf(words: readonly Word[], speakerTurns: readonly Segment[] | undefined): Segment[] {
  return speakerTurns === undefined ? segmentWords(words) : speakerSegments(words, speakerTurns);
}

// provenance: every plugin whose vocabulary decoded the words or whose post-processors ran, in the order plugins run
function touchedBy(...lists: readonly PluginProvenance[][]): PluginProvenance[] {
  const byId = new Map(lists.flat().map((p) => [p.id, p]));
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
