import type { VocabularyEntry } from '@verbatim/asr';
import type { PluginProvenance } from '@verbatim/core';
import { PluginError, type PluginHost, type PluginProblem } from '@verbatim/plugin-host';

/** What a job's enabled plugins add to decoding. */
export interface PluginDecoding {
  /** Every entry of their vocabularies, plugin by plugin (id order), each vocabulary in manifest order. */
  readonly vocabulary: VocabularyEntry[];
  /** Their vocabularies' domain sentences, one text per vocabulary that has some. */
  readonly domainText: string[];
  /** The plugins that contributed at least one vocabulary. */
  readonly plugins: PluginProvenance[];
}

/** Options of {@link pluginDecoding}. */
export interface PluginDecodingOptions {
  readonly signal?: AbortSignal;
  /** Told about each plugin whose vocabularies could not be had; the job goes on without that plugin's. */
  readonly onSkip?: (problem: PluginProblem) => void;
}

/**
 * The vocabularies and domain text of the given plugins, for `TranscriberPool#transcribeFile`. A plugin whose
 * vocabulary cannot be had (a computed one that throws or times out, a file changed since discovery) is skipped
 * and reported: vocabularies help decoding but a job never fails for want of one.
 *
 * @throws the signal's reason when it aborts; {@link PluginError} `disposed` when the host was disposed.
 */
export async function pluginDecoding(host: PluginHost, pluginIds: readonly string[], options: PluginDecodingOptions = {}): Promise<PluginDecoding> {
  const vocabulary: VocabularyEntry[] = [];
  const domainText: string[] = [];
  const plugins: PluginProvenance[] = [];
  // one plugin at a time, so that a failure leaves out that plugin only and is reported with its id
  for (const id of [...new Set(pluginIds)].sort()) {
    let vocabularies;
    try {
      vocabularies = await host.vocabularies([id], { onError: 'fail', ...(options.signal === undefined ? {} : { signal: options.signal }) });
    } catch (error) {
      if (options.signal?.aborted || !(error instanceof PluginError) || error.code === 'disposed') throw error;
      options.onSkip?.({ pluginId: error.pluginId, where: error.contributionId ?? error.pluginId, message: error.message, code: error.code });
      continue;
    }
    if (vocabularies.length === 0) continue;
    for (const v of vocabularies) {
      vocabulary.push(...v.entries);
      if (v.domainText !== undefined && v.domainText.trim() !== '') domainText.push(v.domainText);
    }
    plugins.push({ id, version: vocabularies[0]!.version });
  }
  return { vocabulary, domainText, plugins };
}
