import type { SqlDatabase } from '../db/SqlDatabase.ts';

/** How much of a transcript a span covers, as the reviewer chose it. */
export type VerifiedScope = 'transcript' | 'turn' | 'span';

/** A span of a transcript a reviewer marked verified: every word in it was checked. Times in milliseconds. */
export interface VerifiedSpan {
  readonly id: number;
  readonly transcriptId: string;
  readonly scope: VerifiedScope;
  readonly startMs: number;
  readonly endMs: number;
  readonly by: string | null;
  readonly byName: string | null;
  readonly at: number;
}

interface SpanRow {
  id: number;
  transcript_id: string;
  scope: VerifiedScope;
  start_ms: number;
  end_ms: number;
  created_by: string | null;
  by_name: string | null;
  created_at: number;
}

const SELECT = `SELECT s.id, s.transcript_id, s.scope, s.start_ms, s.end_ms, s.created_by, u.display_name AS by_name, s.created_at
  FROM verified_spans AS s LEFT JOIN users AS u ON u.id = s.created_by`;

/**
 * The `verified_spans` table: what reviewers marked verified. Removing a span keeps its row (who removed it, when), so
 * the record of verification is an audit trail; measures read only the standing spans.
 *
 * @example
 * spans.add({ transcriptId, scope: 'transcript', startMs: 0, endMs: 61_000, by: userId });
 */
export class VerifiedSpanStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;

  constructor(db: SqlDatabase, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  /** Records a verified span. */
  add(input: { transcriptId: string; scope: VerifiedScope; startMs: number; endMs: number; by: string }): VerifiedSpan {
    // RETURNING rather than lastInsertRowid: PostgreSQL has no rowid
    const { id } = this.#db
      .prepare<[string, VerifiedScope, number, number, string, number], { id: number }>(
        'INSERT INTO verified_spans (transcript_id, scope, start_ms, end_ms, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      )
      .get(input.transcriptId, input.scope, input.startMs, input.endMs, input.by, this.#now())!;
    return this.get(input.transcriptId, id)!;
  }

  /** A standing span of this transcript. */
  get(transcriptId: string, id: number): VerifiedSpan | undefined {
    const row = this.#db.prepare<[number, string], SpanRow>(`${SELECT} WHERE s.id = ? AND s.transcript_id = ? AND s.removed_at IS NULL`).get(id, transcriptId);
    return row === undefined ? undefined : toSpan(row);
  }

  /** The transcript's standing spans, by start. */
  list(transcriptId: string): VerifiedSpan[] {
    return this.#db
      .prepare<[string], SpanRow>(`${SELECT} WHERE s.transcript_id = ? AND s.removed_at IS NULL ORDER BY s.start_ms, s.id`)
      .all(transcriptId)
      .map(toSpan);
  }

  /** Removes a standing span (kept on record as removed); false when there is none with this id. */
  remove(transcriptId: string, id: number, by: string): boolean {
    return (
      this.#db
        .prepare('UPDATE verified_spans SET removed_by = ?, removed_at = ? WHERE id = ? AND transcript_id = ? AND removed_at IS NULL')
        .run(by, this.#now(), id, transcriptId).changes > 0
    );
  }

  /**
   * A fingerprint of the transcript's spans that changes whenever one is added or removed (cache keys), for every
   * transcript of `projectId` (or all transcripts) that has one.
   */
  fingerprints(projectId: string | null): Map<string, string> {
    const rows = this.#db
      .prepare<[string | null, string | null], { transcript_id: string; n: number; last: number; removed: number | null }>(
        `SELECT s.transcript_id, count(*) AS n, max(s.id) AS last, sum(s.removed_at IS NOT NULL) AS removed
         FROM verified_spans AS s JOIN transcripts AS t ON t.id = s.transcript_id
         WHERE (? IS NULL OR t.project_id = ?) GROUP BY s.transcript_id`,
      )
      .all(projectId, projectId);
    return new Map(rows.map((r) => [r.transcript_id, `${r.n}:${r.last}:${r.removed ?? 0}`]));
  }
}

function toSpan(row: SpanRow): VerifiedSpan {
  return {
    id: row.id,
    transcriptId: row.transcript_id,
    scope: row.scope,
    startMs: row.start_ms,
    endMs: row.end_ms,
    by: row.created_by,
    byName: row.by_name,
    at: row.created_at,
  };
}
