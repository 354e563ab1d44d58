import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../AppEnv.ts';
import type { Logger } from '../Logger.ts';

/** Options of {@link accessLog}. */
export interface AccessLogOptions {
  readonly logger: Logger;
  /** Milliseconds clock (default `performance.now`). */
  readonly clock?: () => number;
}

/**
 * Logs one `info` record per request after it is answered: request id, method, path (first 200 characters),
 * status, duration in ms and the caller's user id. Must run after `requestId`.
 */
export function accessLog(options: AccessLogOptions): MiddlewareHandler<AppEnv> {
  const clock = options.clock ?? (() => performance.now());
  return async function accessLogMiddleware(c, next) {
    const start = clock();
    await next();
    const path = c.req.path;
    options.logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: path.length > 200 ? `${path.slice(0, 200)}…` : path,
        status: c.res.status,
        ms: Math.round((clock() - start) * 10) / 10,
        userId: c.get('auth')?.user.id,
      },
      'request',
    );
  };
}
