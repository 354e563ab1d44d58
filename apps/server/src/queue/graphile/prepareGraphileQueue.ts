import { runMigrations } from 'graphile-worker';
import { graphileLogger } from './graphileLogger.ts';
import type { Logger } from '../../http/Logger.ts';

/**
 * Installs or upgrades graphile-worker's schema (`graphile_worker`) in the database at `url` (graphile-worker's own
 * `runMigrations`, which takes a lock so processes starting together wait for each other). Every process that
 * enqueues or runs jobs on PostgreSQL calls it before serving: `add_job` must exist before the first enqueue.
 *
 * @example
 * await prepareGraphileQueue(config.databaseUrl);
 * const queue = new GraphileJobQueue(db, { url: config.databaseUrl });
 */
export async function prepareGraphileQueue(url: string, options: { logger?: Logger | undefined } = {}): Promise<void> {
  await runMigrations({ connectionString: url, logger: graphileLogger(options.logger) });
}
