import type { Database, Statement } from 'better-sqlite3';
import type { VocabularyEntry } from '@verbatim/asr';
import { VocabularyStoreError } from './VocabularyStoreError.ts';

/** Most entries one project's vocabulary may hold. */
export const MAX_PROJECT_VOCABULARY_ENTRIES = 10_000;
/** Longest phrase, in characters. */
export const MAX_VOCABULARY_PHRASE_CHARS = 200;

/** A stored entry of a project's vocabulary: the decoder's {@link VocabularyEntry} and who changed it when. */
export interface ProjectVocabularyEntry extends VocabularyEntry {
  readonly createdBy: string | null;
  readonly createdAt: number;
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
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * Each project's vocabulary in the `project_vocabulary` table, one row per phrase. The store checks the size cap
 * and duplicate phrases; whether the model can spell an entry is the caller's check (`createVocabularyGraph`).
 *
 * @example
 * const store = new VocabularyStore(db);
 * store.add(projectId, { phrase: 'metformin', soundsLike: ['met forming'] }, userId);
 * await pool.transcribeFile(path, { vocabulary: toVocabularyEntries(store.list(projectId)) });
 */
export class VocabularyStore {
  readonly #db: Database;
  readonly #now: () => number;
  readonly #list: Statement<[string], Row>;
  readonly #get: Statement<[string, string], Row>;
  readonly #count: Statement<[string], { n: number }>;
  readonly #clear: Statement<[string]>;
  readonly #insert: Statement<[string, string, string | null, string | null, number | null, string | null, number, number]>;
  readonly #update: Statement<[string | null, string | null, number | null, number, string, string]>;
  readonly #delete: Statement<[string, string]>;

  constructor(db: Database, options: VocabularyStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    const columns = 'phrase, sounds_like, display_as, boost, created_by, created_at, updated_at';
    this.#list = db.prepare(`SELECT ${columns} FROM project_vocabulary WHERE project_id = ? ORDER BY phrase`);
    this.#get = db.prepare(`SELECT ${columns} FROM project_vocabulary WHERE project_id = ? AND phrase = ?`);
    this.#count = db.prepare('SELECT count(*) AS n FROM project_vocabulary WHERE project_id = ?');
    this.#clear = db.prepare('DELETE FROM project_vocabulary WHERE project_id = ?');
    this.#insert = db.prepare(`INSERT INTO project_vocabulary (project_id, ${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.#update = db.prepare('UPDATE project_vocabulary SET sounds_like = ?, display_as = ?, boost = ?, updated_at = ? WHERE project_id = ? AND phrase = ?');
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
   * Replaces the whole vocabulary of the project with `entries`, all or nothing.
   *
   * @throws {VocabularyStoreError} `too-many-entries` past {@link MAX_PROJECT_VOCABULARY_ENTRIES};
   *   `duplicate-phrase` when two entries have the same phrase.
   */
  replace(projectId: string, entries: readonly VocabularyEntry[], createdBy: string | null): ProjectVocabularyEntry[] {
    if (entries.length > MAX_PROJECT_VOCABULARY_ENTRIES) throw tooMany(entries.length);
    const seen = new Set<string>();
    for (const entry of entries) {
      if (seen.has(entry.phrase)) throw new VocabularyStoreError('duplicate-phrase', `The phrase ${JSON.stringify(entry.phrase)} is listed twice; list each phrase once.`);
      seen.add(entry.phrase);
    }
    const now = this.#now();
    this.#db.transaction(() => {
      this.#clear.run(projectId);
      for (const entry of entries) this.#insert.run(projectId, ...toColumns(entry), createdBy, now, now);
    })();
    return this.list(projectId);
  }

  /**
   * Adds `entry`, or changes the entry with the same phrase (keeping who created it and when).
   *
   * @throws {VocabularyStoreError} `too-many-entries` when the project already has the most entries it may have.
   */
  add(projectId: string, entry: VocabularyEntry, createdBy: string | null): { entry: ProjectVocabularyEntry; created: boolean } {
    const now = this.#now();
    const created = this.#db.transaction(() => {
      if (this.#get.get(projectId, entry.phrase) !== undefined) {
        const [, soundsLike, displayAs, boost] = toColumns(entry);
        this.#update.run(soundsLike, displayAs, boost, now, projectId, entry.phrase);
        return false;
      }
      const count = this.#count.get(projectId)!.n;
      if (count >= MAX_PROJECT_VOCABULARY_ENTRIES) throw tooMany(count + 1);
      this.#insert.run(projectId, ...toColumns(entry), createdBy, now, now);
      return true;
    }).immediate();
    return { entry: this.get(projectId, entry.phrase)!, created };
  }

  /** Removes the entry for `phrase`; false when the project had none. */
  remove(projectId: string, phrase: string): boolean {
    return this.#delete.run(projectId, phrase).changes > 0;
  }
}

/** The decoder's view of stored entries (without who changed them when). */
export function toVocabularyEntries(entries: readonly ProjectVocabularyEntry[]): VocabularyEntry[] {
  return entries.map(({ phrase, soundsLike, displayAs, boost }) => ({
    phrase,
    ...(soundsLike === undefined ? {} : { soundsLike: [...soundsLike] }),
    ...(displayAs === undefined ? {} : { displayAs }),
    ...(boost === undefined ? {} : { boost }),
  }));
}

function toColumns(entry: VocabularyEntry): [string, string | null, string | null, number | null] {
  return [entry.phrase, entry.soundsLike === undefined ? null : JSON.stringify(entry.soundsLike), entry.displayAs ?? null, entry.boost ?? null];
}

function fromRow(row: Row): ProjectVocabularyEntry {
  return {
    phrase: row.phrase,
    ...(row.sounds_like === null ? {} : { soundsLike: JSON.parse(row.sounds_like) as string[] }),
    ...(row.display_as === null ? {} : { displayAs: row.display_as }),
    ...(row.boost === null ? {} : { boost: row.boost }),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function tooMany(count: number): VocabularyStoreError {
  return new VocabularyStoreError(
    'too-many-entries',
    `A project's vocabulary holds at most ${MAX_PROJECT_VOCABULARY_ENTRIES.toLocaleString('en')} entries; this would make it ${count.toLocaleString('en')}.`,
  );
}
