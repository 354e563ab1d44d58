import { type PluginProvenance, type Segment, segmentWords } from '@verbatim/core';
import type { PluginChange } from '../../plugins/PluginChangeStore.ts';
import type { StoredLiveFinal } from '../LiveSessionStore.ts';
import { captionsToSegments } from './captionsToSegments.ts';

/** What a live session's transcript is made of, as a transcription job's is (see `storeJobTranscript`). */
export interface LiveTranscriptWords {
  /** The words as shown (after the plugins' post-processors), paragraphed. */
  readonly segments: Segment[];
  /** The recogniser's own words, paragraphed the same way. */
  readonly originalSegments: Segment[];
  /** Every plugin that touched a final (vocabulary or post-processor), by id; empty when none did. */
  readonly plugins: PluginProvenance[];
  /** What the post-processors changed, in order, with word indexes over the whole transcript's words. */
  readonly changes: PluginChange[];
}

/**
 * A live session's stored finals as a transcript's words: times in seconds on the recording's clock (clamped to its
 * `durationSeconds`), paragraphed as batch transcripts are (a new paragraph at a longer pause or past 30 s: finals
 * are short phrases, so a live talk reads and reviews like an upload). A final's recogniser words are its
 * provenance's, or its own words when no plugin touched it; its changes are renumbered over the whole transcript's
 * words, so that replaying all of them in order over the original words gives the first document, as for a job.
 */
export function liveTranscriptWords(finals: readonly StoredLiveFinal[], durationSeconds: number): LiveTranscriptWords {
  const shown = captionsToSegments(finals.map((f) => f.caption), durationSeconds);
  const recognised = captionsToSegments(finals.map((f) => (f.provenance === undefined ? f.caption : { ...f.caption, words: [...f.provenance.words] })), durationSeconds);
  const plugins = new Map<string, PluginProvenance>();
  for (const final of finals) for (const plugin of final.provenance?.plugins ?? []) plugins.set(plugin.id, plugin);
  return {
    segments: segmentWords(shown.flatMap((segment) => segment.words)),
    originalSegments: segmentWords(recognised.flatMap((segment) => segment.words)),
    plugins: [...plugins.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    changes: transcriptChanges(finals, durationSeconds),
  };
}

// Each final's changes were made over that final's words alone, processor after processor; a job's are made over the
// whole transcript's words, processor after processor. So: grouped by processor (in the order they ran), each
// shifted by the words the finals before it had at that processor's input (`from`) and output (`to`).
function transcriptChanges(finals: readonly StoredLiveFinal[], durationSeconds: number): PluginChange[] {
  const key = (c: PluginChange) => `${c.pluginId}\u0000${c.processorId}`;
  const processors: string[] = [];
  for (const final of finals) for (const change of final.provenance?.changes ?? []) if (!processors.includes(key(change))) processors.push(key(change));
  if (processors.length === 0) return [];
  // each final's word count before the first processor and after each one
  const counts = finals.map((final) => {
    const stages = [final.provenance?.words.length ?? captionsToSegments([final.caption], durationSeconds)[0]?.words.length ?? 0];
    for (const processor of processors) {
      const delta = (final.provenance?.changes ?? []).filter((c) => key(c) === processor).reduce((n, c) => n + (c.toEnd - c.to) - (c.fromEnd - c.from), 0);
      stages.push(stages.at(-1)! + delta);
    }
    return stages;
  });
  const changes: PluginChange[] = [];
  processors.forEach((processor, stage) => {
    let input = 0;
    let output = 0;
    finals.forEach((final, i) => {
      for (const c of final.provenance?.changes ?? []) {
        if (key(c) === processor) changes.push({ ...c, from: c.from + input, fromEnd: c.fromEnd + input, to: c.to + output, toEnd: c.toEnd + output });
      }
      input += counts[i]![stage]!;
      output += counts[i]![stage + 1]!;
    });
  });
  return changes;
}
