import type { SqlDatabase } from '../db/SqlDatabase.ts';
import type { TrainingExportRecordJson } from '@verbatim/core/api';

interface ExportRow {
  id: string;
  project_id: string;
  created_by: string;
  by_name: string | null;
  created_at: number;
  state: TrainingExportRecordJson['state'];
  segments: number;
  seconds: number;
  recordings: number;
  dropped: number;
  finished_at: number | null;
}

/** What an export holds (planned when it starts, as written when it ends). */
export interface TrainingExportCounts {
  readonly segments: number;
  readonly seconds: number;
  readonly recordings: number;
  readonly dropped: number;
}

const SELECT = `SELECT e.*, u.display_name AS by_name FROM training_exports AS e LEFT JOIN users AS u ON u.id = e.created_by`;

/**
 * The `training_exports` table: every release of a project's audio as training data, who asked and when. A row is
 * written when the download starts (`streaming`) and finished as `complete` or `incomplete` (the client stopped).
 *
 * @example
 * const record = exports.start({ id, projectId, createdBy, counts });
 * exports.finish(record.id, 'complete', counts);
 */
export class TrainingExportStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;

  constructor(db: SqlDatabase, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  start(input: { id: string; projectId: string; createdBy: string; counts: TrainingExportCounts }): TrainingExportRecordJson {
    const { counts } = input;
    this.#db
      .prepare(
        `INSERT INTO training_exports (id, project_id, created_by, created_at, state, segments, seconds, recordings, dropped)
         VALUES (?, ?, ?, ?, 'streaming', ?, ?, ?, ?)`,
      )
      .run(input.id, input.projectId, input.createdBy, this.#now(), counts.segments, counts.seconds, counts.recordings, counts.dropped);
    return this.get(input.id)!;
  }

  finish(id: string, state: 'complete' | 'incomplete', counts: TrainingExportCounts): void {
    this.#db
      .prepare(`UPDATE training_exports SET state = ?, segments = ?, seconds = ?, recordings = ?, dropped = ?, finished_at = ? WHERE id = ? AND state = 'streaming'`)
      .run(state, counts.segments, counts.seconds, counts.recordings, counts.dropped, this.#now(), id);
  }

  get(id: string): TrainingExportRecordJson | undefined {
    const row = this.#db.prepare<[string], ExportRow>(`${SELECT} WHERE e.id = ?`).get(id);
    return row === undefined ? undefined : toJson(row);
  }

  /** A project's exports, newest first. */
  list(projectId: string): TrainingExportRecordJson[] {
    return this.#db.prepare<[string], ExportRow>(`${SELECT} WHERE e.project_id = ? ORDER BY e.created_at DESC, e.rowid DESC`).all(projectId).map(toJson);
  }
}

function toJson(row: ExportRow): TrainingExportRecordJson {
  return {
    id: row.id,
    projectId: row.project_id,
    createdBy: row.created_by,
    createdByName: row.by_name,
    createdAt: row.created_at,
    state: row.state,
    segments: row.segments,
    seconds: row.seconds,
    recordings: row.recordings,
    dropped: row.dropped,
    finishedAt: row.finished_at,
  };
}
