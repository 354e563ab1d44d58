import { migrateTranscriptDoc, TRANSCRIPT_SCHEMA_VERSION, transcriptDocVersion } from '@verbatim/core/document';
import { PostgresDatabase } from '../db/postgres/PostgresDatabase.ts';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import * as Y from 'yjs';
import { migrationFailure, type ReadOnlyDocument, readOnlyReasonOf } from '../transcripts/ReadOnlyDocument.ts';
import { YJS_RELAY_CHANNEL } from './relay/PostgresDocumentRelay.ts';

/** Options of {@link DocumentStore}. */
export interface DocumentStoreOptions {
  /** `compact()` merges a document's updates once more than this many are stored (default 200). */
  readonly compactAbove?: number;
  /** Clock of the backups' `saved_at` (default `Date.now`). */
  readonly now?: () => number;
}

/** A stored document as {@link DocumentStore#open} opened it. */
export interface OpenedDocument {
  /** The document, in the current schema unless `readOnly` says otherwise. The caller destroys it. */
  readonly doc: Y.Doc;
  /** The schema it was stored in when it was read (0: empty; see `transcriptDocVersion`). */
  readonly storedSchema: number;
  /** True when it was stored in an older schema and has just been migrated (the old log kept in `doc_backups`). */
  readonly migrated: boolean;
  /** Set when the document may not be edited by anyone (then it is as stored, and is never rewritten). */
  readonly readOnly?: ReadOnlyDocument;
}

/** What {@link DocumentStore#migrate} did to one document. */
export type MigrationOutcome = 'migrated' | 'current' | 'empty';

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
  readonly #db: SqlDatabase;
  readonly #compactAbove: number;
  readonly #now: () => number;

  constructor(db: SqlDatabase, options: DocumentStoreOptions = {}) {
    this.#db = db;
    this.#compactAbove = Math.max(1, options.compactAbove ?? 200);
    this.#now = options.now ?? Date.now;
  }

  /**
   * Appends one update to a document's log; returns its sequence number. The document (transcript) must exist. On
   * PostgreSQL the append is announced to every server process (`NOTIFY verbatim_yjs, '<docId> <seq>'`, see
   * `PostgresDocumentRelay`) in the same transaction, so it is heard exactly when the row can be read, whoever wrote
   * it (a room, a route, a worker's re-run) and inside whatever transaction.
   */
  append(docId: string, update: Uint8Array): number {
    const insert = this.#db.transaction((): number => {
      const seq = this.#lastSeq(docId) + 1;
      this.#db.prepare('INSERT INTO doc_updates (doc_id, seq, "update") VALUES (?, ?, ?)').run(docId, seq, update);
      if (this.#db instanceof PostgresDatabase) this.#db.execRaw('SELECT pg_notify($1, $2)', [YJS_RELAY_CHANNEL, `${docId} ${seq}`]);
      return seq;
    });
    return insert.immediate();
  }

  /**
   * A new Y.Doc holding the document (empty when nothing is stored), in the current transcript schema when it can be
   * (see {@link open}: a document of an older schema is migrated and stored so first; it is not validated, `open` says
   * whether it may be edited). The caller destroys it.
   */
  load(docId: string): Y.Doc {
    // readers need the words, not a verdict on every attribute: validating would double the cost of a read
    return this.#open(docId, false).doc;
  }

  /**
   * Opens a stored transcript document for a room or a reader. A document of an older schema is migrated
   * (`migrateTranscriptDoc`) and its log replaced by the migrated state in one transaction that also keeps the old
   * log (merged) in `doc_backups`; when migration throws, nothing is written and the document opens as stored,
   * `readOnly`. A document in a newer schema, or one that fails `validateTranscriptDoc`, opens `readOnly` too.
   */
  open(docId: string): OpenedDocument {
    return this.#open(docId, true);
  }

  #open(docId: string, validate: boolean): OpenedDocument {
    const doc = this.#read(docId);
    const storedSchema = transcriptDocVersion(doc);
    if (storedSchema === 0 || !(storedSchema < TRANSCRIPT_SCHEMA_VERSION)) {
      const readOnly = storedSchema === 0 || !validate ? undefined : readOnlyReasonOf(doc);
      return { doc, storedSchema, migrated: false, ...(readOnly && { readOnly }) };
    }
    let migrated: Y.Doc;
    try {
      migrated = this.#migrateStored(docId).doc;
    } catch (error) {
      return { doc, storedSchema, migrated: false, readOnly: migrationFailure(error) };
    }
    doc.destroy();
    const readOnly = validate ? readOnlyReasonOf(migrated) : undefined;
    return { doc: migrated, storedSchema, migrated: true, ...(readOnly && { readOnly }) };
  }

  /**
   * Migrates one stored document to the current schema as {@link open} does, without keeping it open: `migrated`,
   * `current` or `empty`. Throws what `migrateTranscriptDoc` throws (a newer schema, a document that does not read as
   * its schema), having written nothing.
   */
  migrate(docId: string): MigrationOutcome {
    const { doc, outcome } = this.#migrateStored(docId);
    doc.destroy();
    return outcome;
  }

  /** The ids of every document with a stored update, in id order. */
  docIds(): string[] {
    return this.#db.prepare<[], { doc_id: string }>('SELECT DISTINCT doc_id FROM doc_updates ORDER BY doc_id').all().map((row) => row.doc_id);
  }

  /** How many updates the document's log holds. */
  count(docId: string): number {
    return this.#db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM doc_updates WHERE doc_id = ?').get(docId)!.n;
  }

  /** The sequence number of the document's last stored update (0 when there is none). */
  lastSeq(docId: string): number {
    return this.#lastSeq(docId);
  }

  /**
   * The stored updates after `seq`, in order (a compacted row stands for every row up to its own `seq`, so reading
   * after the last row one has applied always gives what one lacks): how a room catches up with what other server
   * processes stored.
   */
  updatesAfter(docId: string, seq: number): Array<{ readonly seq: number; readonly update: Uint8Array }> {
    return this.#db
      .prepare<[string, number], UpdateRow>('SELECT seq, "update" FROM doc_updates WHERE doc_id = ? AND seq > ? ORDER BY seq')
      .all(docId, seq)
      .map((row) => ({ seq: row.seq, update: new Uint8Array(row.update) }));
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

  // read, migrated and replaced inside one write transaction, so no update appended meanwhile is lost
  #migrateStored(docId: string): { doc: Y.Doc; outcome: MigrationOutcome } {
    const run = this.#db.transaction((): { doc: Y.Doc; outcome: MigrationOutcome } => {
      const rows = this.#updates(docId);
      if (rows.length === 0) return { doc: new Y.Doc(), outcome: 'empty' };
      const original = rows.length === 1 ? rows[0]!.update : Y.mergeUpdates(rows.map((row) => row.update));
      const source = new Y.Doc();
      Y.applyUpdate(source, original);
      const schema = transcriptDocVersion(source);
      let migrated: Y.Doc | undefined;
      try {
        migrated = migrateTranscriptDoc(source);
      } catch (error) {
        source.destroy();
        throw error;
      }
      if (migrated === undefined) return { doc: source, outcome: schema === 0 ? 'empty' : 'current' };
      source.destroy();
      const seq = rows[rows.length - 1]!.seq + 1;
      this.#db.prepare('INSERT INTO doc_backups (doc_id, schema, "update", saved_at) VALUES (?, ?, ?, ?)').run(docId, schema, original, this.#now());
      this.#db.prepare('DELETE FROM doc_updates WHERE doc_id = ?').run(docId);
      this.#db.prepare('INSERT INTO doc_updates (doc_id, seq, "update") VALUES (?, ?, ?)').run(docId, seq, Y.encodeStateAsUpdate(migrated));
      return { doc: migrated, outcome: 'migrated' };
    });
    return run.immediate();
  }

  #read(docId: string): Y.Doc {
    const doc = new Y.Doc();
    const updates = this.#updates(docId);
    // one after the other in one transaction: merging them first (Y.mergeUpdates) decodes and encodes the whole log
    // once more before it is applied, about as long again as applying it (0.2-0.3 s on a 3-hour transcript)
    if (updates.length > 0) Y.transact(doc, () => updates.forEach((row) => Y.applyUpdate(doc, row.update)));
    return doc;
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
