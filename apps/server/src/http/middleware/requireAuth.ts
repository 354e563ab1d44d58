import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';

/** Refuses anonymous requests with 401 `unauthenticated`. Must run after `authenticate`. */
export function requireAuth(): MiddlewareHandler<AppEnv> {
  return async function requireAuthMiddleware(c, next) {
    if (c.get('auth') === undefined) throw unauthenticated();
    return next();
  };
}

/** The 401 for a request that brought no valid credentials. */
export function unauthenticated(): HttpError {
  return new HttpError(401, 'unauthenticated', 'Log in first, or send an API token as "Authorization: Bearer vbt_…".', {
    headers: { 'www-authenticate': 'Bearer' },
  });
}
