/**
 * The part of a synchronous SQL database handle that the server's stores use: prepared statements (`get`, `all`,
 * `run`), `exec` for scripts, and transactions (`db.transaction(fn).immediate()` takes the write lock first).
 * better-sqlite3's `Database` (the embedded default, see `openDatabase`) has this shape as it is;
 * `PostgresDatabase` gives the same shape over a PostgreSQL server. Statements are written in SQLite's dialect
 * (`?` and `@name` parameters); on PostgreSQL they are translated once per statement.
 */
export interface SqlDatabase {
  prepare<BindParameters extends unknown[] | {} = unknown[], Result = unknown>(
    source: string,
  ): BindParameters extends unknown[] ? SqlStatement<BindParameters, Result> : SqlStatement<[BindParameters], Result>;
  /** Runs a script of one or more statements without parameters. */
  exec(source: string): this;
  /** Wraps `fn` in a transaction (a savepoint when nested); a throw rolls it back. */
  transaction<F extends VariableArgFunction>(fn: F): SqlTransaction<F>;
  readonly inTransaction: boolean;
  close(): void;
}

/** A prepared statement of a {@link SqlDatabase}. */
export interface SqlStatement<BindParameters extends unknown[] = unknown[], Result = unknown> {
  run(...params: BindParameters): SqlRunResult;
  /** The first row, or undefined. */
  get(...params: BindParameters): Result | undefined;
  all(...params: BindParameters): Result[];
}

/** What `run` changed. */
export interface SqlRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A function wrapped by {@link SqlDatabase.transaction}: call it (deferred) or `.immediate(...)` (write lock first). */
export interface SqlTransaction<F extends VariableArgFunction> {
  (...params: ArgumentTypes<F>): ReturnType<F>;
  immediate(...params: ArgumentTypes<F>): ReturnType<F>;
}

type VariableArgFunction = (...params: any[]) => unknown;
type ArgumentTypes<F extends VariableArgFunction> = F extends (...args: infer A) => unknown ? A : never;
