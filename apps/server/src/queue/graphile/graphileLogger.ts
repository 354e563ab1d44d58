import { Logger as GraphileLogger } from 'graphile-worker';
import type { Logger } from '../../http/Logger.ts';

/** graphile-worker's warnings and errors into the server's logger (its routine lines are left out), or nowhere. */
export function graphileLogger(logger: Logger | undefined): GraphileLogger {
  return new GraphileLogger(() => (level, message, meta) => {
    if (logger === undefined) return;
    const fields = { component: 'graphile-worker', ...meta };
    if (level === 'error') logger.error(fields, message);
    else if (level === 'warning') logger.warn(fields, message);
  });
}
