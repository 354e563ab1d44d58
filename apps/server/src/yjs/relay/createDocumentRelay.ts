import { PostgresDatabase } from '../../db/postgres/PostgresDatabase.ts';
import type { SqlDatabase } from '../../db/SqlDatabase.ts';
import type { Logger } from '../../http/Logger.ts';
import { NO_RELAY, type DocumentRelay } from './DocumentRelay.ts';
import { PostgresDocumentRelay } from './PostgresDocumentRelay.ts';

/**
 * The document relay for a server's database: on PostgreSQL, a {@link PostgresDocumentRelay} with its own connection
 * to `url` (the URL `db` was opened with, password included: `db.url` has none); on SQLite, {@link NO_RELAY} (one
 * process serves every room, there is no one to tell).
 *
 * @throws {Error} `db` is a PostgreSQL database and `url` is not a PostgreSQL URL.
 * @example
 * const relay = createDocumentRelay(context.db, config.database, { logger });
 * const yjs = createYjsEndpoint({ documents, relay, ... });
 * // on close, after yjs.destroy(): await relay.dispose();
 */
export function createDocumentRelay(db: SqlDatabase, url?: string, options: { logger?: Logger } = {}): DocumentRelay {
  if (!(db instanceof PostgresDatabase)) return NO_RELAY;
  // without it, other processes' rooms would never hear of this one's edits
  if (url === undefined || !/^postgres(ql)?:\/\//iu.test(url)) throw new Error('The collaboration relay needs the PostgreSQL URL the database was opened with.');
  return new PostgresDocumentRelay(url, { ...(options.logger && { logger: options.logger }), applicationName: 'verbatim-yjs-relay' });
}
