import type { MiddlewareHandler } from 'hono';
import type { ApiTokenStore } from '../../auth/ApiTokenStore.ts';
import type { SessionStore } from '../../auth/SessionStore.ts';
import type { AppEnv } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';
import { readSessionCookie } from '../sessionCookie.ts';

/** Options of {@link authenticate}. */
export interface AuthenticateOptions {
  readonly sessions: SessionStore;
  readonly tokens: ApiTokenStore;
}

const BEARER = /^Bearer +(\S+)$/i;

/**
 * Finds out who is calling and puts it on the context as `auth` (undefined when anonymous):
 * - an `Authorization: Bearer vbt_…` header is an API token; a bad one is refused with 401 `invalid-token`
 *   rather than treated as anonymous, so a script with a revoked token learns why;
 * - otherwise the `verbatim_session` cookie; an unknown or expired one simply leaves the request anonymous.
 * A bearer header wins over a cookie. Routes decide whether anonymous callers may proceed.
 *
 * @example
 * app.use('/api/*', authenticate({ sessions, tokens }));
 */
export function authenticate(options: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  const { sessions, tokens } = options;
  return async function authenticateMiddleware(c, next) {
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const token = BEARER.exec(authorization.trim())?.[1];
      if (token === undefined) {
        throw new HttpError(401, 'invalid-authorization', 'The Authorization header must be "Bearer " followed by an API token (vbt_…).', {
          headers: { 'www-authenticate': 'Bearer' },
        });
      }
      const verified = tokens.verify(token);
      if (verified === undefined) {
        throw new HttpError(401, 'invalid-token', 'The API token is not valid: it is unknown, revoked or expired, or its account is disabled.', {
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        });
      }
      c.set('auth', { principal: verified.principal, user: verified.user, session: undefined, apiToken: verified.apiToken });
      return next();
    }
    const active = sessions.lookup(readSessionCookie(c));
    c.set('auth', active === undefined ? undefined : { principal: active.principal, user: active.user, session: active.session, apiToken: undefined });
    return next();
  };
}
