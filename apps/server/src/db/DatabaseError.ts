/**
 * Why the database could not be opened or brought up to date, or (`database-unavailable`) why a PostgreSQL handle
 * could not answer: its server went away mid-run; the handle reconnects on its next call.
 */
export type DatabaseErrorCode = 'open-failed' | 'newer-database' | 'invalid-migrations' | 'migration-failed' | 'database-unavailable';

/** The database file could not be used; `code` says why and the message says what to do about it. */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  readonly code: DatabaseErrorCode;

  constructor(code: DatabaseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
