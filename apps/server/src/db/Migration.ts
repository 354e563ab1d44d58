/**
 * One schema change. `up` is plain SQL (several statements allowed, no `BEGIN`/`COMMIT`: the runner wraps pending
 * migrations in one transaction). Ids only grow: 1-99 belong to the core and the job queue, 100-199 to accounts.
 * A shipped migration is never edited; a change is a new migration.
 */
export interface Migration {
  readonly id: number;
  /** Short label recorded beside the id, for people reading `schema_migrations`. */
  readonly name: string;
  readonly up: string;
}
