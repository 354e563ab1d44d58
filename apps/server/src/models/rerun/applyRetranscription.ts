import type { SqlDatabase } from '../../db/SqlDatabase.ts';
import type { ModelProvenance, PluginProvenance, Segment } from '@verbatim/core';
import { readTranscriptTurns } from '@verbatim/core/document';
import { openTranscriptDocument, type TranscriptDocumentSources } from '../../transcripts/revisions/openTranscriptDocument.ts';
import { replaceTranscriptTurns } from '../../transcripts/revisions/replaceTranscriptTurns.ts';
import { type TranscriptRevision, type TranscriptRevisionStore, turnsOfSegments } from '../../transcripts/revisions/TranscriptRevisionStore.ts';
import type { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { carryHumanWords } from './carryHumanWords.ts';

/** Where {@link applyRetranscription} reads and writes. */
export interface RetranscriptionDeps extends TranscriptDocumentSources {
  readonly db: SqlDatabase;
  readonly transcripts: TranscriptStore;
  readonly revisions: TranscriptRevisionStore;
}

/** A new machine output of a transcript's media. */
export interface Retranscription {
  readonly transcriptId: string;
  readonly model: ModelProvenance;
  /** The words as the document takes them (after the project's plugins' post-processors). */
  readonly segments: readonly Segment[];
  /** The recogniser's own words (default `segments`): the transcript's new original words. */
  readonly originalSegments?: readonly Segment[];
  /** The plugins that touched the words. */
  readonly plugins: readonly PluginProvenance[];
  /** The job that made it (a retried job finds its revision and changes nothing again). */
  readonly jobId: string;
  /** Who asked for it; null for the server. */
  readonly by: string | null;
}

/** What {@link applyRetranscription} did. */
export interface AppliedRetranscription {
  readonly machine: TranscriptRevision;
  /** The document as it was before (`before-rerun`); undefined when a retried job had applied it already. */
  readonly before: TranscriptRevision | undefined;
  readonly carriedWords: number;
  readonly carriedDeletions: number;
}

/**
 * Makes a new machine output the transcript's, keeping human work: the document as it is now is kept as a
 * `before-rerun` revision and the new output as a `machine` revision (which becomes the transcript's original words
 * and model), and the document's text is replaced by the fresh words with every stretch a person edited, inserted,
 * reviewed or deleted carried over by time alignment (`carryHumanWords`, whose doc comment gives the conflict rules),
 * in one update through the open room when there is one, so connected editors see it at once. One database
 * transaction; throws `ReadOnlyDocumentError` when the document may not be changed.
 */
export function applyRetranscription(deps: RetranscriptionDeps, input: Retranscription): AppliedRetranscription {
  const done = deps.revisions.byJob(input.transcriptId, input.jobId);
  if (done !== undefined) return { machine: done, before: undefined, carriedWords: 0, carriedDeletions: 0 };
  const original = deps.transcripts.originalSegments(input.transcriptId) ?? [];
  const handle = openTranscriptDocument(deps, input.transcriptId);
  try {
    const current = readTranscriptTurns(handle.doc);
    const carried = carryHumanWords(current, original, input.segments);
    return deps.db
      .transaction((): AppliedRetranscription => {
        // again inside the transaction: another worker's attempt at the same job may have applied it meanwhile (the
        // unique index on job_id refuses a second machine revision if both get this far)
        const applied = deps.revisions.byJob(input.transcriptId, input.jobId);
        if (applied !== undefined) return { machine: applied, before: undefined, carriedWords: 0, carriedDeletions: 0 };
        const before = deps.revisions.addSnapshot(input.transcriptId, 'before-rerun', current, input.by);
        const machine = deps.revisions.add({
          transcriptId: input.transcriptId,
          kind: 'machine',
          model: input.model,
          turns: turnsOfSegments(input.segments),
          original: input.originalSegments ?? input.segments,
          createdBy: input.by,
          jobId: input.jobId,
        });
        deps.revisions.adoptMachineWords(input.transcriptId, machine.id);
        deps.db.prepare('DELETE FROM transcript_plugins WHERE transcript_id = ?').run(input.transcriptId);
        const provenance = deps.db.prepare('INSERT INTO transcript_plugins (transcript_id, position, plugin_id, plugin_version) VALUES (?, ?, ?, ?)');
        input.plugins.forEach((plugin, position) => provenance.run(input.transcriptId, position, plugin.id, plugin.version));
        // last: a room forwards the change to its editors as it stores it
        handle.write((doc) => replaceTranscriptTurns(doc, carried.turns));
        return { machine, before, carriedWords: carried.carriedWords, carriedDeletions: carried.carriedDeletions };
      })
      .immediate();
  } finally {
    handle.close();
  }
}
