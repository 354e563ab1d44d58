import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../AppEnv.ts';

/** Options of {@link requestId}. */
export interface RequestIdOptions {
  /** Header read from the request and written on the response (default `x-request-id`). */
  readonly header?: string;
  /** Makes an id when the request brings none or an unusable one (default `crypto.randomUUID()`). */
  readonly generate?: () => string;
}

// A proxy's id is echoed only when it is short plain text, so it cannot smuggle anything into headers or logs.
const SANE_ID = /^[A-Za-z0-9._:+=/-]{1,128}$/;

/**
 * Gives every request an id: the caller's `x-request-id` when it is sane (1-128 characters of letters, digits
 * and `._:+=/-`), otherwise a fresh UUID. It is put on the context as `requestId` (for logs and error messages)
 * and sent back in the same header.
 *
 * @example
 * app.use(requestId());
 */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler<AppEnv> {
  const header = options.header ?? 'x-request-id';
  const generate = options.generate ?? (() => crypto.randomUUID());
  return async function requestIdMiddleware(c, next) {
    const given = c.req.header(header);
    const id = given !== undefined && SANE_ID.test(given) ? given : generate();
    c.set('requestId', id);
    c.header(header, id);
    await next();
    // an error response built by onError is a new Response: put the id on it too
    if (c.res.headers.get(header) === null) c.res.headers.set(header, id);
  };
}
