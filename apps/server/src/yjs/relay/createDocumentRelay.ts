import type { SqlDatabase } from '../../db/SqlDatabase.ts';
import type { Logger } from '../../http/Logger.ts';
import { NO_RELAY, type DocumentRelay } from './DocumentRelay.ts';
import { PostgresDocumentRelay } from './PostgresDocumentRelay.ts';

/**
 * The document relay for a server's database: on PostgreSQL (`url` a `postgres://` or `postgresql://` URL, the one
 * `db` was opened on), a {@link PostgresDocumentRelay} with its own connection; on SQLite, {@link NO_RELAY} (one
 * process serves every room, there is no one to tell).
 *
 * @example
 * const relay = createDocumentRelay(context.db, config.database, { logger });
 * const yjs = createYjsEndpoint({ documents, relay, ... });
 * // on close, after yjs.destroy(): await relay.dispose();
 */
export function createDocumentRelay(db: SqlDatabase, url?: string, options: { logger?: Logger } = {}): DocumentRelay {
  if (url === undefined || !/^postgres(ql)?:\/\//iu.test(url)) {
    // a PostgreSQL handle (it has execRaw) without its URL would leave other processes' rooms deaf to this one's
    if ('execRaw' in db) throw new Error('The collaboration relay needs the PostgreSQL URL the database was opened with.');
    return NO_RELAY;
  }
  return new PostgresDocumentRelay(url, { ...(options.logger && { logger: options.logger }), applicationName: 'verbatim-yjs-relay' });
}
