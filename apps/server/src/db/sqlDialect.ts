import { PostgresDatabase } from './postgres/PostgresDatabase.ts';
import type { SqlDatabase } from './SqlDatabase.ts';

/** Which engine is behind `db`: the embedded SQLite file or a PostgreSQL server. */
export function sqlDialect(db: SqlDatabase): 'sqlite' | 'postgres' {
  return db instanceof PostgresDatabase ? 'postgres' : 'sqlite';
}
