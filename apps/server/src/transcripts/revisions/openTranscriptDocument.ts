import * as Y from 'yjs';
import { ReadOnlyDocumentError, readOnlyMarkOf } from '../ReadOnlyDocument.ts';
import type { DocumentStore } from '../../yjs/DocumentStore.ts';

/** Where a transcript's document is: its stored update log, and the document of its open collaboration room, if any. */
export interface TranscriptDocumentSources {
  readonly documents: DocumentStore;
  /** The document of the transcript's loaded collaboration room, if any (the Yjs endpoint's rooms). */
  readonly liveDocument?: ((transcriptId: string) => Y.Doc | undefined) | undefined;
}

/** A transcript's current document, open for the server to change. */
export interface TranscriptDocumentHandle {
  /** The document as it is now (the room's own when one is open: do not keep it past `close`). */
  readonly doc: Y.Doc;
  /**
   * Applies `mutate` to the document in one Yjs transaction and stores the update it made: through the room when
   * one is open (it stores the update and forwards it to every connected editor), else appended to the update log.
   * Call it inside the caller's database transaction to store it together with the caller's own rows.
   */
  write(mutate: (doc: Y.Doc) => void): void;
  /** Frees a document read from the store (a room's stays open). */
  close(): void;
}

/** Origin of the server's own changes to a room's document (not a peer: every editor is sent them). */
export const SERVER_CHANGE = Symbol('server change');

/**
 * Opens a transcript's document for a change the server makes (a re-run, a restore): the open room's document when
 * the transcript has one, else the stored one (`DocumentStore.open`, migrated if it was stored in an older schema).
 * Throws `ReadOnlyDocumentError` when the document may not be changed (invalid, newer schema, failed migration).
 * Everything between opening and writing must be synchronous, so no editor's update comes in between.
 *
 * @example
 * const handle = openTranscriptDocument({ documents, liveDocument }, id);
 * try { handle.write((doc) => replaceTranscriptTurns(doc, turns)); } finally { handle.close(); }
 */
export function openTranscriptDocument(sources: TranscriptDocumentSources, transcriptId: string): TranscriptDocumentHandle {
  const live = sources.liveDocument?.(transcriptId);
  if (live !== undefined) {
    const readOnly = readOnlyMarkOf(live);
    if (readOnly !== undefined) throw new ReadOnlyDocumentError(readOnly);
    return {
      doc: live,
      write: (mutate) => live.transact(() => mutate(live), SERVER_CHANGE),
      close: () => {},
    };
  }
  const opened = sources.documents.open(transcriptId);
  if (opened.readOnly !== undefined) {
    opened.doc.destroy();
    throw new ReadOnlyDocumentError(opened.readOnly);
  }
  const doc = opened.doc;
  return {
    doc,
    write: (mutate) => {
      const before = Y.encodeStateVector(doc);
      doc.transact(() => mutate(doc), SERVER_CHANGE);
      sources.documents.append(transcriptId, Y.encodeStateAsUpdate(doc, before));
    },
    close: () => doc.destroy(),
  };
}
