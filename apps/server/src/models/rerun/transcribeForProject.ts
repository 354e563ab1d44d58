import type { LanguageModelMode } from '@verbatim/asr';
import type { PluginProvenance, Word } from '@verbatim/core';
import type { OnPluginError, PluginProblem } from '@verbatim/plugin-host';
import { JobError } from '../../jobs/JobError.ts';
import { localBlob } from '../../jobs/localBlob.ts';
import type { JobHandlerContext } from '../../jobs/JobHandler.ts';
import { pluginDecoding } from '../../jobs/pluginDecoding.ts';
import { keepPunctuation } from '../../jobs/keepPunctuation.ts';
import { postProcessWords, type ProcessedWord } from '../../jobs/postProcessWords.ts';
import { splitSpacedWords } from '../../jobs/splitSpacedWords.ts';
import type { PluginChange } from '../../plugins/PluginChangeStore.ts';
import { ProjectPluginStore } from '../../plugins/ProjectPluginStore.ts';
import type { ServerPlugins } from '../../plugins/loadServerPlugins.ts';
import { TranscriptionSettingsStore } from '../../transcription/TranscriptionSettingsStore.ts';
import { toVocabularyEntries, VocabularyStore } from '../../vocabulary/VocabularyStore.ts';
import type { InstalledModel } from '../InstalledModel.ts';

/** The installed plugins, as the job runner has them. */
export interface ProjectPluginsOptions {
  readonly plugins?: Pick<ServerPlugins, 'host' | 'get'> | undefined;
  /** When a plugin's post-processor fails: leave the plugin out (`skip`, the default) or fail the job (`fail`). */
  readonly pluginErrors?: OnPluginError | undefined;
}

/** What {@link transcribeForProject} needs besides the job's context. */
export interface TranscribeForProjectInput extends ProjectPluginsOptions {
  readonly model: InstalledModel;
  readonly mediaId: string;
  readonly lm?: LanguageModelMode | undefined;
  /** Run the project's plugins' post-processors over the words (a re-run), or keep the recogniser's words (a comparison). */
  readonly postProcess: boolean;
  /** Progress of this media within the job, mapped onto the job's. */
  readonly onProgress?: ((fraction: number) => void) | undefined;
}

/** A model's words on one media file of the project. */
export interface ProjectTranscription {
  /** The recogniser's words (one per space-free word). */
  readonly original: Word[];
  /** The words after the plugins' post-processors (the recogniser's when none ran). */
  readonly words: ProcessedWord[];
  readonly changes: PluginChange[];
  /** Plugins whose vocabularies decoded or whose post-processors ran, by id. */
  readonly plugins: PluginProvenance[];
  readonly lm: LanguageModelMode;
  readonly audioSeconds: number;
  /** Seconds the model took (on its worker, queue time excluded). */
  readonly processingSeconds: number;
}

/**
 * Transcribes one of the project's media files with `model` as a `transcribe` job would: on the model's shared pool,
 * with the project's vocabulary boosted together with the vocabularies and domain text of the plugins the project
 * enabled and, when `postProcess`, their post-processors over the words. Throws `JobError` `media-not-found` /
 * `media-file-missing`, and what the decoder throws.
 */
export async function transcribeForProject(context: JobHandlerContext, input: TranscribeForProjectInput): Promise<ProjectTranscription> {
  const { job, signal, media, db, logger } = context;
  const record = media.get(input.mediaId);
  if (record === undefined || record.projectId !== job.projectId) throw new JobError('media-not-found', `The media ${input.mediaId} is no longer in this project.`);
  const path = await localBlob(media, record.sha256, input.mediaId);
  const vocabulary = toVocabularyEntries(new VocabularyStore(db).list(job.projectId));
  const installedPlugins = input.plugins;
  const pluginIds =
    installedPlugins === undefined ? [] : new ProjectPluginStore(db).list(job.projectId).map((p) => p.pluginId).filter((id) => installedPlugins.get(id) !== undefined);
  const host = installedPlugins?.host;
  const onSkip = (problem: PluginProblem): void =>
    logger?.warn({ jobId: job.id, projectId: job.projectId, pluginId: problem.pluginId, code: problem.code }, `plugin skipped: ${problem.message}`);
  const fromPlugins = host !== undefined && pluginIds.length > 0 ? await pluginDecoding(host, pluginIds, { signal, onSkip }) : undefined;
  const decodeVocabulary = [...vocabulary, ...(fromPlugins?.vocabulary ?? [])];
  const domainText = fromPlugins?.domainText ?? [];
  const lease = await context.acquirePool(input.model);
  let result;
  try {
    result = await lease.pool.transcribeFile(path, {
      ...(decodeVocabulary.length > 0 ? { vocabulary: decodeVocabulary } : {}),
      ...(domainText.length > 0 ? { domainText } : {}),
      ...(input.lm === undefined ? {} : { lm: input.lm }),
      // the project's punctuation setting; the words are fitted into existing turns, so no speakers are needed
      punctuate: new TranscriptionSettingsStore(db).get(job.projectId).punctuate,
      speakers: 'off',
      signal,
      onProgress: (fraction) => {
        if (fraction !== undefined) input.onProgress?.(fraction);
      },
    });
  } finally {
    lease.release();
  }
  const original = splitSpacedWords(result.words);
  // post-processors read the spoken form; the punctuation goes back on after them
  const spoken = result.unpunctuated === undefined ? original : splitSpacedWords(result.unpunctuated);
  const rewritten =
    input.postProcess && host !== undefined && pluginIds.length > 0
      ? await postProcessWords(host, pluginIds, spoken, { onError: input.pluginErrors ?? 'skip', signal, onSkip })
      : undefined;
  const processed = rewritten === undefined || spoken === original ? rewritten : { ...rewritten, words: keepPunctuation(rewritten.words, spoken, original) };
  const byId = new Map([...(fromPlugins?.plugins ?? []), ...(processed?.plugins ?? [])].map((p) => [p.id, p]));
  return {
    original,
    words: processed === undefined ? original : splitSpacedWords(processed.words),
    changes: processed?.changes ?? [],
    plugins: [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    lm: result.lm,
    audioSeconds: result.duration,
    processingSeconds: result.wallSeconds,
  };
}
