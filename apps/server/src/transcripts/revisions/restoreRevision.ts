import type { SqlDatabase } from '../../db/SqlDatabase.ts';
import { readTranscriptTurns } from '@verbatim/core/document';
import { documentTurnsOf, replaceTranscriptTurns } from './replaceTranscriptTurns.ts';
import { openTranscriptDocument, type TranscriptDocumentSources } from './openTranscriptDocument.ts';
import type { TranscriptRevision, TranscriptRevisionStore } from './TranscriptRevisionStore.ts';

/** Where {@link restoreRevision} reads and writes. */
export interface RestoreRevisionDeps extends TranscriptDocumentSources {
  readonly db: SqlDatabase;
  readonly revisions: TranscriptRevisionStore;
}

/** What a restore did: the revision it brought back and the one that keeps what it replaced. */
export interface RestoredRevision {
  readonly restored: TranscriptRevision;
  /** The document as it was just before the restore (`before-restore`). */
  readonly before: TranscriptRevision;
}

/**
 * Brings a kept revision back as the transcript's document: the document as it is now is kept first as a
 * `before-restore` revision (so the restore can itself be undone by restoring that one), then its text is replaced by
 * the revision's turns (words, timing, origins and review marks as kept) in one update, through the open room when
 * there is one so every editor sees it. The revision's machine words and model become the transcript's again (its
 * original words and provenance), so corrections are measured against the words the restored text came from. One
 * database transaction. Returns undefined when the transcript has no such revision; throws `ReadOnlyDocumentError`
 * when the document may not be changed.
 */
export function restoreRevision(deps: RestoreRevisionDeps, transcriptId: string, revisionId: string, userId: string): RestoredRevision | undefined {
  const content = deps.revisions.read(transcriptId, revisionId);
  if (content === undefined) return undefined;
  const handle = openTranscriptDocument(deps, transcriptId);
  try {
    const current = readTranscriptTurns(handle.doc);
    return deps.db
      .transaction((): RestoredRevision => {
        const before = deps.revisions.addSnapshot(transcriptId, 'before-restore', current, userId);
        deps.revisions.adoptMachineWords(transcriptId, revisionId);
        // last: a room forwards the change to its editors as it stores it
        handle.write((doc) => replaceTranscriptTurns(doc, documentTurnsOf(content.turns)));
        return { restored: content.revision, before };
      })
      .immediate();
  } finally {
    handle.close();
  }
}
