import type { SqlDatabase, SqlStatement } from '../db/SqlDatabase.ts';

/**
 * One change a plugin's post-processor made to a transcript's words, as the plugin host records it: input words
 * `[from, fromEnd)` of that post-processor became its output words `[to, toEnd)`; `before`/`after` are their texts
 * joined by spaces. Replaying a transcript's changes in order over its original words gives its first document.
 */
export interface PluginChange {
  readonly pluginId: string;
  readonly processorId: string;
  readonly before: string;
  readonly after: string;
  readonly from: number;
  readonly fromEnd: number;
  readonly to: number;
  readonly toEnd: number;
}

interface Row {
  plugin_id: string;
  processor_id: string;
  before_text: string;
  after_text: string;
  from_index: number;
  from_end: number;
  to_index: number;
  to_end: number;
}

/**
 * The changes plugins made to each transcript, in the `transcript_plugin_changes` table, in the order they were made.
 * Written once, with the transcript (see `storeJobTranscript`), and never changed.
 *
 * @example
 * new PluginChangeStore(db).list(transcriptId); // [{ pluginId: 'medical', processorId: 'medical.dosage', before: 'five milligrams', after: '5 mg', ... }]
 */
export class PluginChangeStore {
  readonly #db: SqlDatabase;
  readonly #list: SqlStatement<[string], Row>;
  readonly #insert: SqlStatement<[string, number, string, string, string, string, number, number, number, number]>;

  constructor(db: SqlDatabase) {
    this.#db = db;
    this.#list = db.prepare(
      'SELECT plugin_id, processor_id, before_text, after_text, from_index, from_end, to_index, to_end FROM transcript_plugin_changes WHERE transcript_id = ? ORDER BY seq',
    );
    this.#insert = db.prepare(
      `INSERT INTO transcript_plugin_changes (transcript_id, seq, plugin_id, processor_id, before_text, after_text, from_index, from_end, to_index, to_end)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Stores a transcript's changes, all or nothing (inside the caller's transaction when there is one). */
  add(transcriptId: string, changes: readonly PluginChange[]): void {
    this.#db.transaction(() => {
      changes.forEach((c, seq) => this.#insert.run(transcriptId, seq, c.pluginId, c.processorId, c.before, c.after, c.from, c.fromEnd, c.to, c.toEnd));
    })();
  }

  /** A transcript's changes in the order they were made (empty when no plugin changed anything). */
  list(transcriptId: string): PluginChange[] {
    return this.#list.all(transcriptId).map((row) => ({
      pluginId: row.plugin_id,
      processorId: row.processor_id,
      before: row.before_text,
      after: row.after_text,
      from: row.from_index,
      fromEnd: row.from_end,
      to: row.to_index,
      toEnd: row.to_end,
    }));
  }
}
