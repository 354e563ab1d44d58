import type { Disposable } from '../../queue/Emitter.ts';

/** What a room hears from other processes about its document (see {@link DocumentRelay.subscribe}). */
export interface DocumentRelayListener {
  /** Another process stored the update `rowId` (the document's `doc_updates.seq`): read what is not applied yet. */
  update(rowId: number): void;
  /**
   * Another process's clients changed their presence: a y-protocols awareness update, and the account whose
   * connection sent it (`owner`, when it had one): its client ids are that account's here too.
   */
  awareness(update: Uint8Array, owner?: string): void;
  /**
   * The relay was cut off for a while (its connection dropped and came back), or has just started listening:
   * messages sent meanwhile are lost, so read everything not applied yet.
   */
  resync?(): void;
}

/**
 * Fans a collaborative document's changes out to the other server processes that have it open, when several web
 * processes share one database. Documents are stored first (as standard Yjs updates in `doc_updates`); the relay
 * carries only the news that a row was stored, which the others read by id, and presence (awareness) updates inline.
 * On SQLite (one process) it is {@link NO_RELAY}; on PostgreSQL, LISTEN/NOTIFY (`PostgresDocumentRelay`), where
 * `DocumentStore.append` itself announces each row inside the transaction that stores it (so rooms need not).
 *
 * @example
 * relay.subscribe(transcriptId, { update: (rowId) => catchUp(rowId), awareness: (update, owner) => apply(update, owner) });
 * relay.publishAwareness(transcriptId, update, peer.userId);
 */
export interface DocumentRelay {
  /**
   * Tells other processes that `transcriptId` got the stored update `rowId` (once it is committed), for a writer
   * whose store does not announce its rows itself (`DocumentStore.append` does on PostgreSQL).
   */
  publishUpdate(transcriptId: string, rowId: number): void;
  /**
   * Tells other processes about a presence change of one of this process's connections (`owner`: its account),
   * dropped when too large to carry.
   */
  publishAwareness(transcriptId: string, update: Uint8Array, owner?: string): void;
  /** Calls back for other processes' messages about `transcriptId` until disposed. */
  subscribe(transcriptId: string, listener: DocumentRelayListener): Disposable;
  /** Stops listening and closes the relay's connection. */
  dispose(): Promise<void>;
}

/** The relay of a single process (SQLite): there is no one to tell. */
export const NO_RELAY: DocumentRelay = Object.freeze({
  publishUpdate() {},
  publishAwareness() {},
  subscribe: () => ({ dispose() {} }),
  dispose: () => Promise.resolve(),
});
