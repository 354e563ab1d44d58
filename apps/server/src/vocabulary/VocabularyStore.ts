import type { SqlDatabase, SqlStatement } from '../db/SqlDatabase.ts';
import { VOCABULARY_LIMITS, type VocabularyEntry } from '@verbatim/core';
import { VocabularyStoreError } from './VocabularyStoreError.ts';

/** Most entries one project's vocabulary may hold. */
export const MAX_PROJECT_VOCABULARY_ENTRIES = 10_000;
/** Longest phrase, in characters (the vocabulary contract's limit). */
export const MAX_VOCABULARY_PHRASE_CHARS = VOCABULARY_LIMITS.phraseChars;
/** Longest before/after text of the correction an entry came from, in characters (as a review's). */
export const MAX_VOCABULARY_SOURCE_TEXT_CHARS = 500;

/**
 * Where an entry came from, as a caller states it: typed in by hand (`manual`), added from a correction in a
 * transcript (its before and after text), or part of a whole list that was imported (`import`, what a `PUT` is).
 */
export type NewVocabularySource =
  | { readonly kind: 'manual' }
  | { readonly kind: 'import' }
  | { readonly kind: 'correction'; readonly transcriptId: string; readonly before: string; readonly after: string };

/**
 * Where a stored entry came from: {@link NewVocabularySource}, or `unrecorded` for entries older than this record. A
 * correction's transcript is null once it is deleted; `mediaName` names its recording for people reading the list.
 */
export type VocabularySource =
  | { readonly kind: 'manual' | 'import' | 'unrecorded' }
  | { readonly kind: 'correction'; readonly transcriptId: string | null; readonly mediaName: string | null; readonly before: string; readonly after: string };

/** A stored entry of a project's vocabulary: the decoder's {@link VocabularyEntry}, where it came from, who changed it when. */
export interface ProjectVocabularyEntry extends VocabularyEntry {
  readonly source: VocabularySource;
  /** Who added it; null once that account is gone (or for an entry nobody signed). */
  readonly createdBy: string | null;
  readonly createdByName: string | null;
  readonly createdAt: number;
  /** Who changed it last (the same as `createdBy` until someone changes it). */
  readonly updatedBy: string | null;
  readonly updatedByName: string | null;
  readonly updatedAt: number;
}

/** Options of {@link VocabularyStore}. */
export interface VocabularyStoreOptions {
  /** Clock in milliseconds since the epoch; tests inject one. */
  readonly now?: () => number;
}

interface Row {
  phrase: string;
  sounds_like: string | null;
  display_as: string | null;
  boost: number | null;
  source: 'unrecorded' | 'manual' | 'correction' | 'import';
  source_transcript_id: string | null;
  source_before: string | null;
  source_after: string | null;
  media_name: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: number;
  updated_by: string | null;
  updated_by_name: string | null;
  updated_at: number;
}

type Fields = [phrase: string, soundsLike: string | null, displayAs: string | null, boost: number | null];
type SourceColumns = [source: string, transcriptId: string | null, before: string | null, after: string | null];

const SELECT = `
  SELECT v.phrase, v.sounds_like, v.display_as, v.boost, v.source, v.source_transcript_id, v.source_before, v.source_after,
         m.original_name AS media_name, v.created_by, c.display_name AS created_by_name, v.created_at,
         COALESCE(v.updated_by, v.created_by) AS updated_by, COALESCE(u.display_name, c.display_name) AS updated_by_name, v.updated_at
  FROM project_vocabulary AS v
  LEFT JOIN users AS c ON c.id = v.created_by
  LEFT JOIN users AS u ON u.id = v.updated_by
  LEFT JOIN transcripts AS t ON t.id = v.source_transcript_id
  LEFT JOIN media AS m ON m.id = t.media_id`;

/**
 * Each project's vocabulary in the `project_vocabulary` table, one row per phrase, each with where it came from and
 * who changed it when. The store checks the size cap and duplicate phrases; whether the model can spell an entry,
 * and whether its sounds-like forms are safe, is the caller's check (`createVocabularyChecker`).
 *
 * @example
 * const store = new VocabularyStore(db);
 * store.add(projectId, { phrase: 'metformin', soundsLike: ['met forming'] }, userId);
 * await pool.transcribeFile(path, { vocabulary: toVocabularyEntries(store.list(projectId)) });
 */
export class VocabularyStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;
  readonly #list: SqlStatement<[string], Row>;
  readonly #get: SqlStatement<[string, string], Row>;
  readonly #has: SqlStatement<[string, string], { phrase: string }>;
  readonly #count: SqlStatement<[string], { n: number }>;
  readonly #phrases: SqlStatement<[string], { phrase: string }>;
  readonly #insert: SqlStatement<[string, ...Fields, ...SourceColumns, string | null, number, string | null, number]>;
  readonly #update: SqlStatement<[string | null, string | null, number | null, string | null, number, string, string]>;
  readonly #delete: SqlStatement<[string, string]>;

  constructor(db: SqlDatabase, options: VocabularyStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#list = db.prepare(`${SELECT} WHERE v.project_id = ? ORDER BY v.phrase`);
    this.#get = db.prepare(`${SELECT} WHERE v.project_id = ? AND v.phrase = ?`);
    this.#has = db.prepare('SELECT phrase FROM project_vocabulary WHERE project_id = ? AND phrase = ?');
    this.#count = db.prepare('SELECT count(*) AS n FROM project_vocabulary WHERE project_id = ?');
    this.#phrases = db.prepare('SELECT phrase FROM project_vocabulary WHERE project_id = ?');
    this.#insert = db.prepare(
      `INSERT INTO project_vocabulary (project_id, phrase, sounds_like, display_as, boost, source, source_transcript_id, source_before, source_after,
                                       created_by, created_at, updated_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#update = db.prepare(
      'UPDATE project_vocabulary SET sounds_like = ?, display_as = ?, boost = ?, updated_by = ?, updated_at = ? WHERE project_id = ? AND phrase = ?',
    );
    this.#delete = db.prepare('DELETE FROM project_vocabulary WHERE project_id = ? AND phrase = ?');
  }

  /** The project's entries, ordered by phrase (empty when it has none). */
  list(projectId: string): ProjectVocabularyEntry[] {
    return this.#list.all(projectId).map(fromRow);
  }

  /** The entry for `phrase`, if the project has one. */
  get(projectId: string, phrase: string): ProjectVocabularyEntry | undefined {
    const row = this.#get.get(projectId, phrase);
    return row === undefined ? undefined : fromRow(row);
  }

  /**
   * Replaces the whole vocabulary of the project with `entries` (an import), all or nothing. A phrase that was
   * there already keeps where it came from and who added it; new phrases are `import`s by `by`.
   *
   * @throws {VocabularyStoreError} `too-many-entries` past {@link MAX_PROJECT_VOCABULARY_ENTRIES};
   *   `duplicate-phrase` when two entries have the same phrase.
   */
  replace(projectId: string, entries: readonly VocabularyEntry[], by: string | null): ProjectVocabularyEntry[] {
    if (entries.length > MAX_PROJECT_VOCABULARY_ENTRIES) throw tooMany(entries.length);
    const seen = new Set<string>();
    for (const entry of entries) {
      if (seen.has(entry.phrase)) throw new VocabularyStoreError('duplicate-phrase', `The phrase ${JSON.stringify(entry.phrase)} is listed twice; list each phrase once.`);
      seen.add(entry.phrase);
    }
    const now = this.#now();
    this.#db.transaction(() => {
      const gone = this.#phrases.all(projectId).map(({ phrase }) => phrase).filter((phrase) => !seen.has(phrase));
      for (let i = 0; i < gone.length; i += REPLACE_CHUNK) {
        const chunk = gone.slice(i, i + REPLACE_CHUNK);
        this.#db.prepare(`DELETE FROM project_vocabulary WHERE project_id = ? AND phrase IN (${chunk.map(() => '?').join(', ')})`).run(projectId, ...chunk);
      }
      // a few statements of many rows each, not one or two per entry: on PostgreSQL each statement is a round trip
      const source = sourceColumns({ kind: 'import' });
      for (let i = 0; i < entries.length; i += REPLACE_CHUNK) {
        const chunk = entries.slice(i, i + REPLACE_CHUNK);
        this.#db
          .prepare(
            `INSERT INTO project_vocabulary (project_id, phrase, sounds_like, display_as, boost, source, source_transcript_id, source_before, source_after,
                                             created_by, created_at, updated_by, updated_at)
             VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
             ON CONFLICT (project_id, phrase) DO UPDATE SET sounds_like = excluded.sounds_like, display_as = excluded.display_as,
               boost = excluded.boost, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
          )
          .run(...chunk.flatMap((entry) => [projectId, ...toColumns(entry), ...source, by, now, by, now]));
      }
    })();
    return this.list(projectId);
  }

  /**
   * Adds `entry` from `source` (default `manual`), or changes the entry with the same phrase (which keeps where it
   * came from, who created it and when).
   *
   * @throws {VocabularyStoreError} `too-many-entries` when the project already has the most entries it may have.
   */
  add(projectId: string, entry: VocabularyEntry, by: string | null, source: NewVocabularySource = { kind: 'manual' }): { entry: ProjectVocabularyEntry; created: boolean } {
    const now = this.#now();
    const created = this.#db
      .transaction(() => {
        if (this.#has.get(projectId, entry.phrase) === undefined) {
          const count = this.#count.get(projectId)!.n;
          if (count >= MAX_PROJECT_VOCABULARY_ENTRIES) throw tooMany(count + 1);
        }
        return this.#upsert(projectId, entry, by, source, now);
      })
      .immediate();
    return { entry: this.get(projectId, entry.phrase)!, created };
  }

  /** Removes the entry for `phrase`; false when the project had none. */
  remove(projectId: string, phrase: string): boolean {
    return this.#delete.run(projectId, phrase).changes > 0;
  }

  // true when it inserted
  #upsert(projectId: string, entry: VocabularyEntry, by: string | null, source: NewVocabularySource, now: number): boolean {
    const [phrase, soundsLike, displayAs, boost] = toColumns(entry);
    if (this.#has.get(projectId, phrase) !== undefined) {
      this.#update.run(soundsLike, displayAs, boost, by, now, projectId, phrase);
      return false;
    }
    this.#insert.run(projectId, phrase, soundsLike, displayAs, boost, ...sourceColumns(source), by, now, by, now);
    return true;
  }
}

/** The decoder's view of stored entries (without where they came from and who changed them when). */
export function toVocabularyEntries(entries: readonly ProjectVocabularyEntry[]): VocabularyEntry[] {
  return entries.map(({ phrase, soundsLike, displayAs, boost }) => ({
    phrase,
    ...(soundsLike === undefined ? {} : { soundsLike: [...soundsLike] }),
    ...(displayAs === undefined ? {} : { displayAs }),
    ...(boost === undefined ? {} : { boost }),
  }));
}

/** Rows per statement when a whole vocabulary is replaced (13 parameters each, well under both engines' limits). */
const REPLACE_CHUNK = 250;

function toColumns(entry: VocabularyEntry): Fields {
  return [entry.phrase, entry.soundsLike === undefined ? null : JSON.stringify(entry.soundsLike), entry.displayAs ?? null, entry.boost ?? null];
}

function sourceColumns(source: NewVocabularySource): SourceColumns {
  return source.kind === 'correction' ? ['correction', source.transcriptId, source.before, source.after] : [source.kind, null, null, null];
}

function fromRow(row: Row): ProjectVocabularyEntry {
  const source: VocabularySource =
    row.source === 'correction'
      ? { kind: 'correction', transcriptId: row.source_transcript_id, mediaName: row.media_name, before: row.source_before ?? '', after: row.source_after ?? '' }
      : { kind: row.source };
  return {
    phrase: row.phrase,
    ...(row.sounds_like === null ? {} : { soundsLike: JSON.parse(row.sounds_like) as string[] }),
    ...(row.display_as === null ? {} : { displayAs: row.display_as }),
    ...(row.boost === null ? {} : { boost: row.boost }),
    source,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
    updatedBy: row.updated_by,
    updatedByName: row.updated_by_name,
    updatedAt: row.updated_at,
  };
}

function tooMany(count: number): VocabularyStoreError {
  return new VocabularyStoreError(
    'too-many-entries',
    `A project's vocabulary holds at most ${MAX_PROJECT_VOCABULARY_ENTRIES.toLocaleString('en')} entries; this would make it ${count.toLocaleString('en')}.`,
  );
}
