import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import type { AppEnv } from './AppEnv.ts';
import { errorBody } from './errorBody.ts';
import type { Logger } from './Logger.ts';
import { toHttpError } from './toHttpError.ts';

/**
 * The app's `onError`: expected errors (see {@link toHttpError}) become their JSON error response; anything
 * else is logged with the request id and answered 500 with that id and nothing of the error itself.
 */
export function handleError(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    const known = toHttpError(error);
    const requestId = c.get('requestId');
    if (known !== undefined) {
      if (known.status >= 500) logger.warn({ requestId, err: error }, known.message);
      return c.json(errorBody(known.code, known.message), known.status, known.headers);
    }
    logger.error({ requestId, method: c.req.method, path: shorten(c.req.path), err: error }, 'unexpected error while handling a request');
    const reference = requestId === undefined ? '' : ` (request id ${requestId})`;
    return c.json(errorBody('internal-error', `The server failed to handle this request${reference}; the error has been logged.`), 500);
  };
}

/** The app's `notFound`: a JSON 404 naming the method and path that matched no route. */
export function handleNotFound(): NotFoundHandler<AppEnv> {
  return (c: Context<AppEnv>) =>
    c.json(errorBody('route-not-found', `There is no ${c.req.method} ${shorten(c.req.path)} in this API; see /api/openapi.json.`), 404);
}

// paths can be 10 kB of attacker-chosen text; messages and logs keep the start
function shorten(path: string): string {
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
