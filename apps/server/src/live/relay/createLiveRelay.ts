import { PostgresDatabase } from '../../db/postgres/PostgresDatabase.ts';
import type { SqlDatabase } from '../../db/SqlDatabase.ts';
import type { Logger } from '../../http/Logger.ts';
import { NO_LIVE_RELAY, type LiveRelay } from './LiveRelay.ts';
import { PostgresLiveRelay } from './PostgresLiveRelay.ts';

/**
 * The live relay for a server's database: on PostgreSQL a {@link PostgresLiveRelay} with its own connection to `url`
 * (the URL `db` was opened with, password included); on SQLite {@link NO_LIVE_RELAY}.
 *
 * @throws {Error} `db` is a PostgreSQL database and `url` is not a PostgreSQL URL.
 */
export function createLiveRelay(db: SqlDatabase, url?: string, options: { logger?: Logger } = {}): LiveRelay {
  if (!(db instanceof PostgresDatabase)) return NO_LIVE_RELAY;
  if (url === undefined || !/^postgres(ql)?:\/\//iu.test(url)) throw new Error('The live relay needs the PostgreSQL URL the database was opened with.');
  return new PostgresLiveRelay(url, { ...(options.logger && { logger: options.logger }) });
}
