import type { Database } from 'better-sqlite3';
import * as Y from 'yjs';

/** Options of {@link DocumentStore}. */
export interface DocumentStoreOptions {
  /** `compact()` merges a document's updates once more than this many are stored (default 200). */
  readonly compactAbove?: number;
}

interface UpdateRow {
  seq: number;
  update: Uint8Array;
}

/**
 * Yjs documents persisted as the update binaries they were built from (`doc_updates`), appended one by one and
 * merged now and then. Every call is synchronous and committed when it returns, so a caller that appends before
 * it broadcasts never acknowledges an update the database does not hold.
 *
 * @example
 * documents.append(transcriptId, update); // then forward it to the other clients
 * const doc = documents.load(transcriptId);
 * documents.compact(transcriptId);
 */
export class DocumentStore {
  readonly #db: Database;
  readonly #compactAbove: number;

  constructor(db: Database, options: DocumentStoreOptions = {}) {
    this.#db = db;
    this.#compactAbove = Math.max(1, options.compactAbove ?? 200);
  }

  /** Appends one update to a document's log; returns its sequence number. The document (transcript) must exist. */
  append(docId: string, update: Uint8Array): number {
    const insert = this.#db.transaction((): number => {
      const seq = this.#lastSeq(docId) + 1;
      this.#db.prepare('INSERT INTO doc_updates (doc_id, seq, "update") VALUES (?, ?, ?)').run(docId, seq, update);
      return seq;
    });
    return insert.immediate();
  }

  /** A new Y.Doc holding every stored update of the document (empty when there are none). The caller destroys it. */
  load(docId: string): Y.Doc {
    const doc = new Y.Doc();
    const updates = this.#updates(docId);
    if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates.map((row) => row.update)));
    return doc;
  }

  /** How many updates the document's log holds. */
  count(docId: string): number {
    return this.#db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM doc_updates WHERE doc_id = ?').get(docId)!.n;
  }

  /** The sequence number of the document's last stored update (0 when there is none). */
  lastSeq(docId: string): number {
    return this.#lastSeq(docId);
  }

  /** How many bytes the document's log holds. */
  byteLength(docId: string): number {
    return this.#db.prepare<[string], { n: number }>('SELECT COALESCE(SUM(length("update")), 0) AS n FROM doc_updates WHERE doc_id = ?').get(docId)!.n;
  }

  /**
   * Replaces the document's updates by one (`Y.encodeStateAsUpdate` of the merged document, deleted content
   * collected) when more than `compactAbove` are stored, or whenever `force` is set and there are two or more.
   * Returns whether it compacted. Atomic: a crash leaves either the old log or the merged update.
   *
   * `state` spares reading and merging the log: the caller's encoded document, which must hold exactly the updates
   * stored up to `throughSeq` (a room that loaded the log and appended every later update itself); those rows are
   * replaced by it and later ones kept.
   */
  compact(docId: string, options: { force?: boolean; state?: { readonly update: Uint8Array; readonly throughSeq: number } } = {}): boolean {
    const run = this.#db.transaction((): boolean => {
      const n = this.count(docId);
      if (n < 2 || (n <= this.#compactAbove && options.force !== true)) return false;
      const state = options.state;
      if (state !== undefined) {
        this.#db.prepare('DELETE FROM doc_updates WHERE doc_id = ? AND seq <= ?').run(docId, state.throughSeq);
        this.#db.prepare('INSERT INTO doc_updates (doc_id, seq, "update") VALUES (?, ?, ?)').run(docId, state.throughSeq, state.update);
        return true;
      }
      const rows = this.#updates(docId);
      const doc = new Y.Doc();
      try {
        doc.transact(() => {
          for (const row of rows) Y.applyUpdate(doc, row.update);
        });
        const merged = Y.encodeStateAsUpdate(doc);
        const last = rows[rows.length - 1]!.seq;
        this.#db.prepare('DELETE FROM doc_updates WHERE doc_id = ? AND seq <= ?').run(docId, last);
        this.#db.prepare('INSERT INTO doc_updates (doc_id, seq, "update") VALUES (?, ?, ?)').run(docId, last, merged);
      } finally {
        doc.destroy();
      }
      return true;
    });
    return run.immediate();
  }

  #lastSeq(docId: string): number {
    return this.#db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM doc_updates WHERE doc_id = ?').get(docId)!.seq ?? 0;
  }

  #updates(docId: string): UpdateRow[] {
    return this.#db
      .prepare<[string], UpdateRow>('SELECT seq, "update" FROM doc_updates WHERE doc_id = ? ORDER BY seq')
      .all(docId)
      .map((row) => ({ seq: row.seq, update: new Uint8Array(row.update) }));
  }
}
