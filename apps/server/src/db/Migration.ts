/**
 * One schema change. `up` is plain SQL (several statements allowed, no `BEGIN`/`COMMIT`: the runner wraps pending
 * migrations in one transaction). Ids only grow: 1-99 belong to the core and the job queue, 100-199 to accounts.
 * A shipped migration is never edited; a change is a new migration.
 */
export interface Migration {
  readonly id: number;
  /** Short label recorded beside the id, for people reading `schema_migrations`. */
  readonly name: string;
  /** The change in SQLite's dialect; on PostgreSQL, `toPostgresMigration` translates it unless `postgres` is given. */
  readonly up: string;
  /**
   * The same change written by hand for PostgreSQL, for the few migrations the automatic translation of `up` cannot
   * carry: triggers (PL/pgSQL functions there), SQLite table rebuilds, `rowid`, PRAGMAs, expressions that mean
   * something else there. It must leave the same tables, columns, keys and constraints as `up` (the schema parity test,
   * `migrations.postgres.test.ts`, compares the two); review it line by line against `up` when either changes.
   */
  readonly postgres?: string;
}
