import type { SqlDatabase } from '../db/SqlDatabase.ts';

/** Free-form attributes (key → value) of a recording or a speaker; bounded by `RecordingAttributesJson`. */
export type SliceAttributes = Readonly<Record<string, string>>;

/**
 * Slice attributes that owners give recordings (`media_attributes`) and a project's speakers (`speaker_attributes`,
 * by the speaker label the turns carry). Never inferred: only what a person set. Setting replaces the whole set;
 * an empty set removes the row.
 */
export class SliceAttributeStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;

  constructor(db: SqlDatabase, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  /** Replaces a recording's attributes. */
  setMedia(mediaId: string, attributes: SliceAttributes, by: string): void {
    if (Object.keys(attributes).length === 0) {
      this.#db.prepare('DELETE FROM media_attributes WHERE media_id = ?').run(mediaId);
      return;
    }
    this.#db
      .prepare(
        `INSERT INTO media_attributes (media_id, attributes, updated_by, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (media_id) DO UPDATE SET attributes = excluded.attributes, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(mediaId, JSON.stringify(attributes), by, this.#now());
  }

  /** A recording's attributes ({} when none). */
  media(mediaId: string): SliceAttributes {
    const row = this.#db.prepare<[string], { attributes: string }>('SELECT attributes FROM media_attributes WHERE media_id = ?').get(mediaId);
    return row === undefined ? {} : (JSON.parse(row.attributes) as SliceAttributes);
  }

  /** Every recording's attributes in a project (or all projects), by media id. */
  mediaOf(projectId: string | null): Map<string, SliceAttributes> {
    const rows = this.#db
      .prepare<[string | null, string | null], { media_id: string; attributes: string }>(
        'SELECT a.media_id, a.attributes FROM media_attributes AS a JOIN media AS m ON m.id = a.media_id WHERE (? IS NULL OR m.project_id = ?)',
      )
      .all(projectId, projectId);
    return new Map(rows.map((r) => [r.media_id, JSON.parse(r.attributes) as SliceAttributes]));
  }

  /** Replaces the attributes of the named speakers of a project (others stay as they are), in one transaction. */
  setSpeakers(projectId: string, speakers: Readonly<Record<string, SliceAttributes>>, by: string): void {
    const at = this.#now();
    const remove = this.#db.prepare('DELETE FROM speaker_attributes WHERE project_id = ? AND speaker = ?');
    const upsert = this.#db.prepare(
      `INSERT INTO speaker_attributes (project_id, speaker, attributes, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (project_id, speaker) DO UPDATE SET attributes = excluded.attributes, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    );
    this.#db.transaction(() => {
      for (const [speaker, attributes] of Object.entries(speakers)) {
        if (Object.keys(attributes).length === 0) remove.run(projectId, speaker);
        else upsert.run(projectId, speaker, JSON.stringify(attributes), by, at);
      }
    })();
  }

  /** A project's speakers' attributes, by speaker label (or, for all projects, by `<projectId>\n<speaker>`). */
  speakersOf(projectId: string | null): Map<string, SliceAttributes> {
    const rows = this.#db
      .prepare<[string | null, string | null], { project_id: string; speaker: string; attributes: string }>(
        'SELECT project_id, speaker, attributes FROM speaker_attributes WHERE (? IS NULL OR project_id = ?)',
      )
      .all(projectId, projectId);
    return new Map(rows.map((r) => [projectId === null ? `${r.project_id}\n${r.speaker}` : r.speaker, JSON.parse(r.attributes) as SliceAttributes]));
  }
}
