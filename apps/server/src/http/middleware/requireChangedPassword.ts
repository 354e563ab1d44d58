import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';

/** Options of {@link requireChangedPassword}. */
export interface RequireChangedPasswordOptions {
  /** `METHOD /path` pairs an account that must change its password may still call (default: none). */
  readonly allow?: readonly string[];
}

/**
 * Refuses every request of an account flagged `mustChangePassword` (a one-time password from the first start or
 * from an administrator) with 403 `password-change-required`, whether it came with the session cookie or an API
 * token, except the routes in `allow` (signing in and out, reading `/api/me`, changing the password). Until the
 * password is changed, whoever learnt the one-time password on its way to its owner can do nothing with it but
 * change it, which the owner then notices. Must run after `authenticate`.
 *
 * @example
 * app.use('/api/*', requireChangedPassword({ allow: ['GET /api/me', 'POST /api/me/password'] }));
 */
export function requireChangedPassword(options: RequireChangedPasswordOptions = {}): MiddlewareHandler<AppEnv> {
  const allowed = new Set(options.allow ?? []);
  return async function requireChangedPasswordMiddleware(c, next) {
    const user = c.get('auth')?.user;
    if (user?.mustChangePassword !== true || allowed.has(`${c.req.method} ${c.req.path}`)) return next();
    throw new HttpError(
      403,
      'password-change-required',
      'This account still has a one-time password: change it first with POST /api/me/password { currentPassword, newPassword }; until then only signing in and out and GET /api/me answer.',
    );
  };
}
