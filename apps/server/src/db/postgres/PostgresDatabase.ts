import { fileURLToPath } from 'node:url';
import { createSyncFn } from 'synckit';
import { DatabaseError } from '../DatabaseError.ts';
import type { SqlDatabase, SqlRunResult, SqlStatement, SqlTransaction } from '../SqlDatabase.ts';
import { bindPostgresParameters } from './bindPostgresParameters.ts';
import type { BridgeFailure, BridgeRequest, BridgeResponse } from './postgresBridgeWorker.ts';
import { PostgresError, unavailableError } from './postgresErrors.ts';
import { toRowObjects, toValue } from './postgresRows.ts';
import { completeUpsert, translateStatement, type TranslatedStatement } from './translateStatement.ts';

/** Options of {@link PostgresDatabase}. */
export interface PostgresDatabaseOptions {
  /** Shown in `pg_stat_activity`. Default `verbatim`. */
  applicationName?: string;
  /** How long connecting may take. Default 10 s. */
  connectTimeoutMs?: number;
  /** How long a statement waits for a lock before failing with `SQLITE_BUSY`, like SQLite's busy timeout. Default 5 s; 0 waits forever. */
  lockTimeoutMs?: number;
}

/** What `execRaw` answers. */
export interface RawResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

// one worker thread per process (synckit keeps one per worker file), serving every handle of the process
let bridge: ((request: BridgeRequest) => BridgeResponse) | undefined;
let nextHandle = 1;

function call(request: BridgeRequest): BridgeResponse {
  // the worker is a .ts file beside this one: Node runs it as it runs the server's sources (type stripping)
  bridge ??= createSyncFn<(request: BridgeRequest) => Promise<BridgeResponse>>(fileURLToPath(new URL('./postgresBridgeWorker.ts', import.meta.url)));
  return bridge(request);
}

// how often `.immediate()` runs its function after a serialization failure or deadlock: the first tries side by side
// with the other immediate transactions (each holding the advisory lock IMMEDIATE_LOCK shared), the later ones alone
// (holding it exclusively)
const IMMEDIATE_ATTEMPTS = 20;
const OPTIMISTIC_ATTEMPTS = 3;
const IMMEDIATE_LOCK = 0x76726269; // 'vrbi'
const RETRY_CODES = new Set(['40001', '40P01']);
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * A synchronous handle on a PostgreSQL database, with the shape the stores use ({@link SqlDatabase}, as
 * better-sqlite3's): statements written in SQLite's dialect are translated once each (`translateStatement`), and each
 * call blocks the calling thread until a worker thread (which owns the `pg` client) answers — so the event loop waits
 * for every query, about a loopback round trip.
 *
 * Transactions: `transaction(fn)()` runs `fn` in `BEGIN` (READ COMMITTED); `.immediate()` in
 * `BEGIN ISOLATION LEVEL SERIALIZABLE`, and runs the whole `fn` again (up to 20 times) when PostgreSQL answers a
 * serialization failure or deadlock, which gives what SQLite's IMMEDIATE gives: as if one writer at a time. After
 * three failures it runs alone among the immediate transactions (an advisory lock they hold shared, it exclusively),
 * so that a writer never loses every time to one in a loop. Nested transactions are savepoints. Errors are
 * {@link PostgresError}s with better-sqlite3's `code`; a lost connection is a `DatabaseError` `database-unavailable`,
 * and the next call outside a transaction connects again (never silently inside one).
 *
 * @example
 * const db = new PostgresDatabase('postgres://verbatim@db.example.org/verbatim');
 * db.prepare('SELECT name FROM projects WHERE id = ?').get(id);
 */
export class PostgresDatabase implements SqlDatabase {
  /** The URL without its password. */
  readonly url: string;
  readonly #connectUrl: string;
  readonly #where: string;
  readonly #handle = nextHandle++;
  readonly #options: Required<PostgresDatabaseOptions>;
  #open = false;
  #connected = false;
  readonly #tables = new Map<string, { key: string[]; columns: string[] }>();
  #depth = 0;
  // set when the connection was lost inside a transaction: every call fails until the outermost one ends
  #brokenTransaction = false;

  /** Connects synchronously; throws `DatabaseError` `open-failed` (naming host:port and the server's reason) when it cannot. */
  constructor(url: string, options: PostgresDatabaseOptions = {}) {
    const parsed = new URL(url);
    this.#where = `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
    this.#connectUrl = url;
    if (parsed.password) parsed.password = '';
    this.url = parsed.toString();
    this.#options = {
      applicationName: options.applicationName ?? 'verbatim',
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      lockTimeoutMs: options.lockTimeoutMs ?? 5000,
    };
    const failure = this.#connect();
    if (failure !== undefined) {
      throw new DatabaseError('open-failed', `Cannot connect to the PostgreSQL database at ${this.#where}: ${failure.message}.`);
    }
    this.#open = true;
  }

  get open(): boolean {
    return this.#open;
  }

  get inTransaction(): boolean {
    return this.#depth > 0;
  }

  get name(): string {
    return this.url;
  }

  prepare<BindParameters extends unknown[] | {} = unknown[], Result = unknown>(
    source: string,
  ): BindParameters extends unknown[] ? PostgresStatement<BindParameters, Result> : PostgresStatement<[BindParameters], Result> {
    this.#checkOpen();
    return new PostgresStatement(this, source, translateStatement(source)) as never;
  }

  /** Runs a script of one or more statements (SQLite's dialect, translated) without parameters. */
  exec(source: string): this {
    const statement = translateStatement(source);
    if (statement.slots.length > 0) throw new RangeError('exec() takes no parameters; use prepare()');
    this.query(statement.sql[0]!, undefined);
    return this;
  }

  /** Runs SQL exactly as written (no translation), for PostgreSQL-only statements. */
  execRaw(sql: string, params?: unknown[]): RawResult {
    const result = this.query(sql, params);
    return { rows: toRowObjects(result.names, result.rows), rowCount: result.rowCount };
  }

  transaction<F extends (...params: any[]) => unknown>(fn: F): SqlTransaction<F> {
    const run = (serializable: boolean, args: unknown[]) => this.#runTransaction(fn, args, serializable);
    const wrapped = ((...args: unknown[]) => run(false, args)) as unknown as SqlTransaction<F> & Record<string, unknown>;
    wrapped.immediate = (...args: unknown[]) => run(true, args);
    wrapped['deferred'] = wrapped;
    wrapped['exclusive'] = wrapped.immediate;
    return wrapped;
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#connected = false;
    call({ op: 'close', handle: this.#handle });
  }

  /** @internal One round trip to the server; reconnects first when the connection was lost outside a transaction. */
  query(text: string, values: unknown[] | undefined): Extract<BridgeResponse, { ok: true }> {
    this.#checkOpen();
    if (this.#brokenTransaction) throw unavailableError(this.#where, 'the connection was lost during this transaction');
    if (!this.#connected) {
      const failure = this.#connect();
      if (failure !== undefined) throw unavailableError(this.#where, failure.message);
    }
    const response = call({ op: 'query', handle: this.#handle, text, values });
    if (response.ok) return response;
    const { failure } = response;
    if (failure.lost) {
      this.#connected = false;
      if (this.#depth > 0) this.#brokenTransaction = true;
      throw unavailableError(this.#where, failure.message);
    }
    throw new PostgresError(failure, text);
  }

  /** @internal An `INSERT OR REPLACE` made whole with its table's primary key (looked up once per table). */
  completeUpsert(statement: TranslatedStatement): TranslatedStatement {
    const table = statement.upsert!.table;
    let shape = this.#tables.get(table);
    if (shape === undefined) {
      const { rows } = this.execRaw(
        `SELECT a.attname AS name, coalesce(a.attnum = ANY(i.indkey), false) AS key
           FROM pg_attribute a LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
          WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
        [table],
      );
      shape = { key: rows.filter((r) => r['key'] === 1).map((r) => String(r['name'])), columns: rows.map((r) => String(r['name'])) };
      if (rows.length > 0) this.#tables.set(table, shape);
    }
    return completeUpsert(statement, shape.key, shape.columns);
  }

  #connect(): BridgeFailure | undefined {
    const response = call({ op: 'connect', handle: this.#handle, url: this.#connectUrl, ...this.#options });
    if (!response.ok) return response.failure;
    this.#connected = true;
    return undefined;
  }

  #checkOpen(): void {
    if (!this.#open) throw new TypeError('The database connection is not open');
  }

  #runTransaction<F extends (...params: any[]) => unknown>(fn: F, args: unknown[], serializable: boolean): ReturnType<F> {
    if (this.#depth > 0) return this.#runSavepoint(fn, args);
    let queued = false;
    try {
      for (let attempt = 1; ; attempt++) {
        if (serializable && attempt > OPTIMISTIC_ATTEMPTS && !queued) {
          // a writer that keeps losing (to one in a loop that is always a step ahead) runs alone from here on: it
          // waits for the immediate transactions under way, and new ones wait for it; the lock is the session's,
          // taken before the snapshot of the next try
          this.query(`SELECT pg_advisory_lock(${IMMEDIATE_LOCK})`, undefined);
          queued = true;
        }
        // the other immediate transactions hold the same lock shared, in the same round trip as BEGIN
        this.query(
          !serializable ? 'BEGIN' : queued ? 'BEGIN ISOLATION LEVEL SERIALIZABLE' : `BEGIN ISOLATION LEVEL SERIALIZABLE; SELECT pg_advisory_xact_lock_shared(${IMMEDIATE_LOCK})`,
          undefined,
        );
        this.#depth = 1;
        let result: ReturnType<F>;
        try {
          result = fn(...args) as ReturnType<F>;
          if (isPromise(result)) throw new TypeError('Transaction function cannot return a promise');
          this.query('COMMIT', undefined);
        } catch (error) {
          this.#endTransaction();
          if (serializable && attempt < IMMEDIATE_ATTEMPTS && isRetryable(error)) {
            // a small jittered wait first, so that two writers in each other's way do not meet again at once
            if (attempt < OPTIMISTIC_ATTEMPTS) Atomics.wait(sleeper, 0, 0, Math.random() * 2 ** attempt);
            continue;
          }
          throw error;
        }
        this.#depth = 0;
        return result;
      }
    } finally {
      if (queued && this.#connected) {
        try {
          this.query(`SELECT pg_advisory_unlock(${IMMEDIATE_LOCK})`, undefined);
        } catch {
          // the connection went away: the server released the lock with the session
        }
      }
    }
  }

  // rolls back after a throw (unless the connection is gone), and leaves the handle usable again
  #endTransaction(): void {
    const broken = this.#brokenTransaction || !this.#connected;
    this.#depth = 0;
    this.#brokenTransaction = false;
    if (broken) return;
    try {
      this.query('ROLLBACK', undefined);
    } catch {
      // the connection went away while rolling back: the server ends the transaction itself
    }
  }

  #runSavepoint<F extends (...params: any[]) => unknown>(fn: F, args: unknown[]): ReturnType<F> {
    const name = `verbatim_${this.#depth}`;
    this.query(`SAVEPOINT ${name}`, undefined);
    this.#depth++;
    try {
      const result = fn(...args) as ReturnType<F>;
      if (isPromise(result)) throw new TypeError('Transaction function cannot return a promise');
      this.query(`RELEASE ${name}`, undefined);
      return result;
    } catch (error) {
      if (!this.#brokenTransaction && this.#connected) {
        this.query(`ROLLBACK TO ${name}`, undefined);
        this.query(`RELEASE ${name}`, undefined);
      }
      throw error;
    } finally {
      this.#depth--;
    }
  }
}

function isRetryable(error: unknown): boolean {
  return error instanceof PostgresError && error.pgCode !== undefined && RETRY_CODES.has(error.pgCode);
}

function isPromise(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** A statement of a {@link PostgresDatabase}: better-sqlite3's `get`/`all`/`run`, plus `pluck`, `raw` and `iterate`. */
export class PostgresStatement<BindParameters extends unknown[] = unknown[], Result = unknown> implements SqlStatement<BindParameters, Result> {
  readonly source: string;
  readonly #db: PostgresDatabase;
  #statement: TranslatedStatement;
  #pluck = false;
  #raw = false;

  constructor(db: PostgresDatabase, source: string, statement: TranslatedStatement) {
    this.#db = db;
    this.source = source;
    this.#statement = statement;
  }

  get database(): PostgresDatabase {
    return this.#db;
  }

  /** Rows as their first column's value. */
  pluck(toggle = true): this {
    this.#pluck = toggle;
    if (toggle) this.#raw = false;
    return this;
  }

  /** Rows as arrays. */
  raw(toggle = true): this {
    this.#raw = toggle;
    if (toggle) this.#pluck = false;
    return this;
  }

  run(...params: BindParameters): SqlRunResult {
    const result = this.#execute(params);
    // PostgreSQL has no rowid: statements that need the new row's key say RETURNING
    return { changes: result.rowCount, lastInsertRowid: 0 };
  }

  get(...params: BindParameters): Result | undefined {
    return this.#rows(params)[0];
  }

  all(...params: BindParameters): Result[] {
    return this.#rows(params);
  }

  *iterate(...params: BindParameters): IterableIterator<Result> {
    yield* this.#rows(params);
  }

  #execute(params: unknown[]) {
    if (this.#statement.upsert !== undefined) this.#statement = this.#db.completeUpsert(this.#statement);
    const bound = bindPostgresParameters(this.#statement, params);
    return this.#db.query(bound.text, bound.values);
  }

  #rows(params: unknown[]): Result[] {
    const result = this.#execute(params);
    if (this.#pluck) return result.rows.map((row) => toValue(row[0])) as Result[];
    if (this.#raw) return result.rows.map((row) => row.map(toValue)) as Result[];
    return toRowObjects(result.names, result.rows) as Result[];
  }
}
