import { DatabaseError } from '../DatabaseError.ts';
import type { BridgeFailure } from './postgresBridgeWorker.ts';

/**
 * A statement PostgreSQL refused. `code` is what better-sqlite3 would have said for the same failure
 * (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_CONSTRAINT_FOREIGNKEY`, `SQLITE_BUSY`, …, `SQLITE_ERROR` otherwise), so the
 * stores' checks hold on both engines; `pgCode` is PostgreSQL's SQLSTATE; the message is PostgreSQL's.
 */
export class PostgresError extends Error {
  override readonly name = 'PostgresError';
  readonly code: string;
  readonly pgCode: string | undefined;
  readonly detail: string | undefined;
  readonly constraint: string | undefined;

  constructor(failure: BridgeFailure, sql?: string) {
    super(failure.message, sql === undefined ? undefined : { cause: { sql } });
    this.code = sqliteCodeOf(failure);
    this.pgCode = failure.pgCode;
    this.detail = failure.detail;
    this.constraint = failure.constraint;
  }
}

/** better-sqlite3's code for a PostgreSQL failure. */
export function sqliteCodeOf(failure: Pick<BridgeFailure, 'pgCode' | 'constraint'>): string {
  const code = failure.pgCode;
  switch (code) {
    case '23505':
      return failure.constraint?.endsWith('_pkey') ? 'SQLITE_CONSTRAINT_PRIMARYKEY' : 'SQLITE_CONSTRAINT_UNIQUE';
    case '23503':
      return 'SQLITE_CONSTRAINT_FOREIGNKEY';
    case '23514':
      return 'SQLITE_CONSTRAINT_CHECK';
    case '23502':
      return 'SQLITE_CONSTRAINT_NOTNULL';
    // serialization failure, deadlock, lock timeout: another writer is in the way, as SQLite's busy database
    case '40001':
    case '40P01':
    case '55P03':
      return 'SQLITE_BUSY';
    case '57014':
      return 'SQLITE_INTERRUPT';
    case '22P02':
    case '22003':
    case '42804':
      return 'SQLITE_MISMATCH';
    case '53100':
      return 'SQLITE_FULL';
  }
  if (code?.startsWith('23')) return 'SQLITE_CONSTRAINT';
  return 'SQLITE_ERROR';
}

/** The error for a connection lost mid-run (the HTTP layer answers 503 for it). */
export function unavailableError(where: string, reason: string): DatabaseError {
  return new DatabaseError('database-unavailable', `The PostgreSQL database at ${where} is unavailable: ${reason}.`);
}
