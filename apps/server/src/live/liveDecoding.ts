import type { PluginProvenance } from '@verbatim/core';
import type { CaptionJson } from '@verbatim/core/api';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import type { PluginProblem } from '@verbatim/plugin-host';
import type { Logger } from '../http/Logger.ts';
import { pluginDecoding } from '../jobs/pluginDecoding.ts';
import { postProcessWords } from '../jobs/postProcessWords.ts';
import { splitSpacedWords } from '../jobs/splitSpacedWords.ts';
import type { ServerPlugins } from '../plugins/loadServerPlugins.ts';
import { ProjectPluginStore } from '../plugins/ProjectPluginStore.ts';
import { toVocabularyEntries, VocabularyStore } from '../vocabulary/VocabularyStore.ts';
import type { LiveSessionDecoding, ProcessedFinal } from './ActiveLiveSession.ts';

/** What {@link liveDecoding} reads. */
export interface LiveDecodingDeps {
  readonly db: SqlDatabase;
  readonly plugins?: Pick<ServerPlugins, 'host' | 'get'> | undefined;
  readonly logger?: Logger | undefined;
}

/**
 * How a project's live captions are made, as its transcription jobs are: the project's vocabulary together with the
 * vocabularies and domain text of the plugins it enabled (read when the session starts taking audio), which adapt
 * the model's word LM (or are boosted, for a model without one), and those plugins'
 * post-processors applied to each final caption, which keeps the recogniser's words and the plugins' provenance for
 * the transcript the session becomes. A plugin that fails is left out (logged); a live caption is never held back
 * for one.
 */
export async function liveDecoding(deps: LiveDecodingDeps, projectId: string): Promise<LiveSessionDecoding> {
  const vocabulary = toVocabularyEntries(new VocabularyStore(deps.db).list(projectId));
  const installed = deps.plugins;
  const pluginIds = installed === undefined ? [] : new ProjectPluginStore(deps.db).list(projectId).map((p) => p.pluginId).filter((id) => installed.get(id) !== undefined);
  const host = installed?.host;
  const onSkip = (problem: PluginProblem): void =>
    deps.logger?.warn({ projectId, pluginId: problem.pluginId, code: problem.code }, `plugin skipped for live captions: ${problem.message}`);
  const fromPlugins = host !== undefined && pluginIds.length > 0 ? await pluginDecoding(host, pluginIds, { onSkip }) : undefined;
  const postProcessFinal = async (caption: CaptionJson): Promise<ProcessedFinal> => {
    if (host === undefined || pluginIds.length === 0 || caption.words.length === 0) return { caption };
    // as a job does: one word per space-free piece (a display form "New York" is two), which the transcript holds
    const recognised = splitSpacedWords(caption.words.map((w) => ({ text: w.text, start: w.startMs / 1000, end: w.endMs / 1000, confidence: w.confidence })));
    const processed = await postProcessWords(host, pluginIds, recognised, { onError: 'skip', onSkip });
    const out = processed.words.map((w) => ({ text: w.text, startMs: Math.round(w.start * 1000), endMs: Math.round(w.end * 1000), confidence: w.confidence }));
    return {
      caption: { ...caption, words: out, text: out.map((w) => w.text).join(' ') },
      provenance: {
        words: recognised.map((w) => ({ text: w.text, startMs: Math.round(w.start * 1000), endMs: Math.round(w.end * 1000), confidence: w.confidence })),
        plugins: touchedBy(fromPlugins?.plugins ?? [], processed.plugins),
        changes: processed.changes,
      },
    };
  };
  return {
    vocabulary: [...vocabulary, ...(fromPlugins?.vocabulary ?? [])],
    domainText: fromPlugins?.domainText ?? [],
    postProcessFinal,
    async postProcess(caption: CaptionJson): Promise<CaptionJson> {
      return (await postProcessFinal(caption)).caption;
    },
  };
}

// provenance, as a job records it: every plugin whose vocabulary decoded the words or whose post-processors ran, by id
function touchedBy(...lists: readonly PluginProvenance[][]): PluginProvenance[] {
  const byId = new Map(lists.flat().map((p) => [p.id, p]));
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
