import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { DatabaseError } from './DatabaseError.ts';
import { migrate } from './migrate.ts';
import type { Migration } from './Migration.ts';
import { MIGRATIONS } from './migrations.ts';

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** Default: every migration of this version ({@link MIGRATIONS}). Tests pass their own lists. */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the SQLite file at `path` for the server: WAL journal so readers never wait for the
 * writer, foreign keys on, a 5 s busy timeout for writers from other processes, `synchronous = NORMAL` (durable
 * across process crashes; the last commits can be lost only on power loss), then applies pending migrations.
 * The caller owns the handle and closes it.
 *
 * @throws {DatabaseError} `open-failed` when the file cannot be opened or is not a database, `newer-database`,
 *   `migration-failed` (see {@link migrate}).
 * @example
 * const db = openDatabase(join(dataDir, 'verbatim.db'));
 * const queue = new JobQueue(db);
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database {
  let db: Database;
  try {
    db = new BetterSqlite3(path, { timeout: 5000 });
  } catch (error) {
    throw new DatabaseError('open-failed', `Cannot open the database ${path}: ${(error as Error).message}.`, { cause: error });
  }
  try {
    try {
      // the busy timeout comes first so that switching to WAL waits for another process instead of failing
      db.pragma('busy_timeout = 5000');
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`the file system does not support write-ahead logging (journal mode stayed ${String(mode)})`);
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
    } catch (error) {
      throw new DatabaseError(
        'open-failed',
        `Cannot use ${path} as a database: ${(error as Error).message}. Is it a Verbatim database file?`,
        { cause: error },
      );
    }
    migrate(db, options.migrations ?? MIGRATIONS);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
