import { Logger as GraphileLogger } from 'graphile-worker';
import type { Logger } from '../../http/Logger.ts';

/**
 * graphile-worker's warnings and errors into the server's logger (its routine lines are left out), or nowhere. A
 * task's failure that only asks for a retry (`RetryLater`) is left out too: the JobRunner logged the attempt.
 */
export function graphileLogger(logger: Logger | undefined): GraphileLogger {
  return new GraphileLogger(() => (level, message, meta) => {
    if (logger === undefined || (level !== 'error' && level !== 'warning')) return;
    const error = meta?.['error'] as { name?: unknown } | undefined;
    if (meta?.['failure'] === true && error?.name === 'RetryLater') return;
    const job = meta?.['job'] as { id?: unknown } | undefined;
    const fields = { component: 'graphile-worker', ...(job?.id === undefined ? {} : { graphileJobId: String(job.id) }), ...(error === undefined ? {} : { err: error }) };
    if (level === 'error') logger.error(fields, message);
    else logger.warn(fields, message);
  });
}
