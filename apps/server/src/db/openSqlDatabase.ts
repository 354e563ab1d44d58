import { migrate } from './migrate.ts';
import type { Migration } from './Migration.ts';
import { MIGRATIONS } from './migrations.ts';
import { openDatabase } from './openDatabase.ts';
import { PostgresDatabase } from './postgres/PostgresDatabase.ts';
import type { SqlDatabase } from './SqlDatabase.ts';

/** Options of {@link openSqlDatabase}. */
export interface OpenSqlDatabaseOptions {
  /** Default: every migration of this version ({@link MIGRATIONS}). */
  migrations?: readonly Migration[];
  /** PostgreSQL only: the name this process shows in `pg_stat_activity` (e.g. `verbatim-worker`). */
  applicationName?: string;
}

/** Whether `location` names a PostgreSQL server (`postgres://…` or `postgresql://…`) rather than a SQLite file. */
export function isDatabaseUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/**
 * Opens the server's database wherever it is: a file path opens the embedded SQLite database (`openDatabase`), a
 * `postgres://` URL a {@link PostgresDatabase}; either way pending migrations are applied before it is returned.
 * The caller owns the handle and closes it.
 *
 * @throws {DatabaseError} `open-failed` (the file cannot be used, or the server cannot be reached: host, port and
 *   reason in the message), `newer-database`, `migration-failed`.
 * @example
 * const db = openSqlDatabase(config.databaseUrl ?? join(config.dataDir, 'verbatim.db'));
 */
export function openSqlDatabase(location: string, options: OpenSqlDatabaseOptions = {}): SqlDatabase {
  if (!isDatabaseUrl(location)) return openDatabase(location, options.migrations === undefined ? {} : { migrations: options.migrations });
  const db = new PostgresDatabase(location, options.applicationName === undefined ? {} : { applicationName: options.applicationName });
  try {
    migrate(db, options.migrations ?? MIGRATIONS);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
