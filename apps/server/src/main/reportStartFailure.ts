import { databaseUrlForDisplay, withoutDatabasePassword } from '../config/databaseUrlForDisplay.ts';
import type { ServerConfig } from '../config/ServerConfig.ts';
import { DatabaseError } from '../db/DatabaseError.ts';
import { BlobError } from '../media/blobs/BlobError.ts';
import { EXIT_DATABASE, EXIT_FAILED, EXIT_STORAGE, type ServerProcess } from './runServer.ts';

/**
 * Says why a server or worker process could not start, in one line on stderr, and exits: a PostgreSQL database it
 * could not reach (or sign in to) as `verbatim: cannot reach the database at postgres://user@host:port/db: <reason>`
 * with {@link EXIT_DATABASE}, so a supervisor can tell it from a bad installation and retry; anything else as
 * `verbatim: cannot start: <message>` with {@link EXIT_FAILED}. A media store it cannot use says
 * `verbatim: cannot use the media store s3://bucket/prefix: <reason>` with {@link EXIT_STORAGE}. The database
 * password never appears, nor does a storage credential (the SDK reads them from the environment; none is in a message).
 */
export function reportStartFailure(proc: ServerProcess, config: Pick<ServerConfig, 'database'>, error: unknown): void {
  const clean = (text: string) => withoutDatabasePassword(text, config.database).replaceAll('\n', ' ');
  if (config.database !== undefined && isUnreachable(error)) {
    proc.err(`verbatim: cannot reach the database at ${databaseUrlForDisplay(config.database)}: ${clean(reasonOf(error))}`);
    proc.exit(EXIT_DATABASE);
    return;
  }
  if (error instanceof BlobError && error.code === 'store-unavailable') {
    proc.err(`verbatim: ${clean(error.message)}`);
    proc.exit(EXIT_STORAGE);
    return;
  }
  proc.err(`verbatim: cannot start: ${clean((error as Error).message)}`);
  proc.exit(EXIT_FAILED);
}

// open-failed: no connection (refused, unknown host, timeout) or refused sign-in; database-unavailable: lost while starting
function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (error instanceof DatabaseError || (error as Error | null)?.name === 'DatabaseError') && (code === 'open-failed' || code === 'database-unavailable');
}

// the driver's own words (ECONNREFUSED, "password authentication failed…") rather than our wrapping of them
function reasonOf(error: unknown): string {
  let innermost = error as Error;
  for (let depth = 0; innermost.cause instanceof Error && depth < 5; depth++) innermost = innermost.cause;
  const text = innermost.message.trim() || (error as Error).message;
  // PostgresDatabase names where it tried; the line has said that already
  return text.replace(/^Cannot connect to the PostgreSQL database at \S+: /, '').replace(/\.$/, '');
}
