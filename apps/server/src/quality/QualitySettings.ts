import type { Database } from 'better-sqlite3';
import { z } from 'zod';

/** The knobs of field quality: how much data a measure needs, the alert's window, baseline and margins, the disparity warning. */
export const QualitySettingsJson = z.object({
  minWords: z.int().min(1).max(1_000_000).describe('Verified words a measure (a version, a week, a slice) needs before it is given (default 100).'),
  windowWords: z.int().min(1).max(1_000_000).describe('The sliding window of /metrics and the alert: the last N verified words (default 500).'),
  baselineWords: z.int().min(1).max(1_000_000).describe("The alert's baseline: a version's first N verified words (default 500)."),
  werMargin: z.number().min(0).max(10).describe('The alert fires when the window WER exceeds the baseline WER by more than this (default 0.05).'),
  eceMargin: z.number().min(0).max(1).describe('… or the window ECE exceeds the baseline ECE by more than this (default 0.05).'),
  disparityWarningRatio: z.number().min(1).max(1000).describe('Warn when the worst slice WER is more than this times the best (default 1.5).'),
});

/** {@link QualitySettingsJson} as it is on the wire. */
export type QualitySettings = z.infer<typeof QualitySettingsJson>;

/** `PUT` bodies: any subset of the settings. */
export const QualitySettingsPatch = QualitySettingsJson.partial().strict();

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
  readonly #db: Database;
  readonly #now: () => number;

  constructor(db: Database, options: { now?: () => number } = {}) {
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
