import type { SqlDatabase } from '../db/SqlDatabase.ts';
import type { SpeakersSettingJson, TranscriptionSettingsJson } from '@verbatim/core/api';

/** The settings as the routes and jobs use them. */
export type TranscriptionSettings = TranscriptionSettingsJson;

/** What every project starts with: punctuation on (where the model has it), speakers found from the audio. */
export const DEFAULT_TRANSCRIPTION_SETTINGS: TranscriptionSettings = Object.freeze({ punctuate: true, speakers: 'auto' });

/** Per project: punctuation on or off and how speakers are found, read when a job is queued. */
export class TranscriptionSettingsStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;

  constructor(db: SqlDatabase, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  /** The project's settings (the defaults where it never changed them). */
  get(projectId: string): TranscriptionSettings {
    const row = this.#db
      .prepare<[string], { punctuate: number; speakers: string }>('SELECT punctuate, speakers FROM transcription_settings WHERE project_id = ?')
      .get(projectId);
    if (row === undefined) return { ...DEFAULT_TRANSCRIPTION_SETTINGS };
    return { punctuate: row.punctuate === 1, speakers: readSpeakers(row.speakers) };
  }

  /** Changes some settings of a project and returns them all. */
  update(projectId: string, patch: Partial<TranscriptionSettings>, by: string): TranscriptionSettings {
    const merged = { ...this.get(projectId), ...patch };
    this.#db
      .prepare(
        `INSERT INTO transcription_settings (project_id, punctuate, speakers, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (project_id) DO UPDATE SET punctuate = excluded.punctuate, speakers = excluded.speakers,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(projectId, merged.punctuate ? 1 : 0, String(merged.speakers), by, this.#now());
    return this.get(projectId);
  }
}

function readSpeakers(stored: string): SpeakersSettingJson {
  return stored === 'auto' || stored === 'off' ? stored : Number(stored);
}
