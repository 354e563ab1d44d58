import type { SqlDatabase } from '../db/SqlDatabase.ts';
import type { PlattScaling } from '@verbatim/core';
import type { RecalibrationJson } from '@verbatim/core/api';

interface RevisionRow {
  id: number;
  model_id: string;
  model_version: string;
  method: 'platt';
  a: number;
  b: number;
  fitted_words: number;
  held_out_words: number;
  ece_before: number;
  ece_after: number;
  created_by: string | null;
  created_at: number;
  removed_at: number | null;
}

/** A fitted calibration, before it is stored. */
export interface NewCalibrationRevision {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly scaling: PlattScaling;
  readonly fittedWords: number;
  readonly heldOutWords: number;
  readonly eceBefore: number;
  readonly eceAfter: number;
  readonly by: string;
}

/**
 * Calibration revisions of model versions (`calibration_revisions`): the newest standing revision of a version is
 * the one new jobs apply; removing it (kept on record) falls back to the one before, or to none.
 */
export class CalibrationStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;

  constructor(db: SqlDatabase, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  /** Stores a revision; it becomes the active one of its model version. */
  add(input: NewCalibrationRevision): RecalibrationJson {
    // RETURNING rather than lastInsertRowid: PostgreSQL has no rowid
    const { id } = this.#db
      .prepare<unknown[], { id: number }>(
        `INSERT INTO calibration_revisions (model_id, model_version, method, a, b, fitted_words, held_out_words, ece_before, ece_after, created_by, created_at)
         VALUES (?, ?, 'platt', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(input.modelId, input.modelVersion, input.scaling.a, input.scaling.b, input.fittedWords, input.heldOutWords, input.eceBefore, input.eceAfter, input.by, this.#now())!;
    return this.list().find((revision) => revision.id === id)!;
  }

  /** Every standing revision, newest first, each saying whether it is the active one of its version. */
  list(): RecalibrationJson[] {
    const rows = this.#db.prepare<[], RevisionRow>('SELECT * FROM calibration_revisions WHERE removed_at IS NULL ORDER BY id DESC').all();
    const seen = new Set<string>();
    return rows.map((row) => {
      const key = JSON.stringify([row.model_id, row.model_version]);
      const active = !seen.has(key);
      seen.add(key);
      return toJson(row, active);
    });
  }

  /** The active revision of a model version: its newest standing one. */
  active(modelId: string, modelVersion: string): RecalibrationJson | undefined {
    const row = this.#db
      .prepare<[string, string], RevisionRow>(
        'SELECT * FROM calibration_revisions WHERE model_id = ? AND model_version = ? AND removed_at IS NULL ORDER BY id DESC LIMIT 1',
      )
      .get(modelId, modelVersion);
    return row === undefined ? undefined : toJson(row, true);
  }

  /**
   * The revision a job of this model version applied at `time` (ms): the newest one created by then and not yet
   * removed then. Removed revisions stay on record, so this holds for any past time.
   */
  activeAt(modelId: string, modelVersion: string, time: number): PlattScaling | undefined {
    return this.#db
      .prepare<[string, string, number, number], { a: number; b: number }>(
        `SELECT a, b FROM calibration_revisions WHERE model_id = ? AND model_version = ? AND created_at <= ? AND (removed_at IS NULL OR removed_at > ?)
         ORDER BY id DESC LIMIT 1`,
      )
      .get(modelId, modelVersion, time, time);
  }

  /** Removes a standing revision (kept on record); false when there is none with this id. */
  remove(id: number, by: string): boolean {
    return this.#db.prepare('UPDATE calibration_revisions SET removed_by = ?, removed_at = ? WHERE id = ? AND removed_at IS NULL').run(by, this.#now(), id).changes > 0;
  }
}

function toJson(row: RevisionRow, active: boolean): RecalibrationJson {
  return {
    id: row.id,
    modelId: row.model_id,
    modelVersion: row.model_version,
    method: row.method,
    a: row.a,
    b: row.b,
    fittedWords: row.fitted_words,
    heldOutWords: row.held_out_words,
    eceBefore: row.ece_before,
    eceAfter: row.ece_after,
    createdAt: row.created_at,
    createdBy: row.created_by,
    active,
  };
}
