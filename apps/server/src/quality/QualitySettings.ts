import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { QualitySettingsJson } from '@verbatim/core/api';

/** The settings as the routes and measures use them. */
export type QualitySettings = QualitySettingsJson;

/** What a project or the deployment starts with. */
export const DEFAULT_QUALITY_SETTINGS: QualitySettings = Object.freeze({
  minWords: 100,
  windowWords: 500,
  baselineWords: 500,
  werMargin: 0.05,
  eceMargin: 0.05,
  disparityWarningRatio: 1.5,
});

// The deployment's own row: project ids are uuids, so this never collides.
const DEPLOYMENT = '*';

/**
 * Quality settings of the deployment (`GET /api/quality`, `/metrics`, alerts across projects) and of each project
 * (which start from the deployment's).
 */
export class QualitySettingsStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;

  constructor(db: SqlDatabase, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  /** The settings of a project (its own over the deployment's), or with null the deployment's. */
  get(projectId: string | null): QualitySettings {
    const deployment = { ...DEFAULT_QUALITY_SETTINGS, ...this.#row(DEPLOYMENT) };
    return projectId === null ? deployment : { ...deployment, ...this.#row(projectId) };
  }

  /** Changes some settings of a project (or, with null, of the deployment) and returns them all. */
  update(projectId: string | null, patch: Partial<QualitySettings>, by: string): QualitySettings {
    const key = projectId ?? DEPLOYMENT;
    const merged = { ...this.#row(key), ...patch };
    this.#db
      .prepare(
        `INSERT INTO quality_settings (project_id, settings, updated_by, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (project_id) DO UPDATE SET settings = excluded.settings, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(merged), by, this.#now());
    return this.get(projectId);
  }

  #row(key: string): Partial<QualitySettings> {
    const row = this.#db.prepare<[string], { settings: string }>('SELECT settings FROM quality_settings WHERE project_id = ?').get(key);
    if (row === undefined) return {};
    const parsed = QualitySettingsJson.partial().safeParse(JSON.parse(row.settings));
    return parsed.success ? parsed.data : {};
  }
}
