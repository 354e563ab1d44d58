import { Hono } from 'hono';
import { csrfTokenFor } from '../../auth/csrfToken.ts';
import { LoginThrottle } from '../../auth/LoginThrottle.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { clientAddress } from '../clientAddress.ts';
import { HttpError } from '../HttpError.ts';
import { loginRefusal } from '../loginRefusal.ts';
import { readJson } from '../readJson.ts';
import { toUserJson, LoginBody } from '../schemas/userSchemas.ts';
import { clearSessionCookie, writeSessionCookie } from '../sessionCookie.ts';

/** Options of {@link authRoutes}. */
export interface AuthRoutesOptions {
  /** Shared with the password change (default: one of its own over `deps.config.loginThrottle`). */
  readonly loginThrottle?: LoginThrottle;
}

/**
 * `POST /login` and `POST /logout`, mounted at `/api/auth`. A login the throttle holds back (see `LoginThrottle`) is
 * answered 429 `too-many-attempts` with `Retry-After` before its password is hashed.
 */
export function authRoutes(deps: AppDeps, options: AuthRoutesOptions = {}): Hono<AppEnv> {
  const { accounts, sessions, config } = deps;
  const throttle = options.loginThrottle ?? new LoginThrottle(config.loginThrottle);
  const routes = new Hono<AppEnv>();

  routes.post('/login', async (c) => {
    const { email, password } = await readJson(c, LoginBody);
    const admission = await throttle.admit(email, clientAddress(c, config.trustProxy ?? 0));
    if (!admission.admitted) throw loginRefusal(admission);
    const result = await accounts.authenticate(email, password).catch(async (error: unknown) => {
      await admission.attempt.withdrawn();
      throw error;
    });
    if (!result.ok) throw new HttpError(401, 'invalid-credentials', 'The email address or the password is wrong.');
    await admission.attempt.succeeded();
    // a fresh session on every login, and the one the browser held before ends, so a planted cookie cannot ride along
    const previous = c.get('auth')?.session;
    if (previous !== undefined) sessions.revokeById(previous.id);
    const { token, session } = sessions.create(result.user.id);
    writeSessionCookie(c, token, config.secureCookies);
    c.header('cache-control', 'no-store');
    return c.json({ user: toUserJson(result.user), csrfToken: csrfTokenFor(session) }, 200);
  });

  routes.post('/logout', (c) => {
    const session = c.get('auth')?.session;
    if (session !== undefined) sessions.revokeById(session.id);
    clearSessionCookie(c, config.secureCookies);
    return c.body(null, 204);
  });

  return routes;
}
