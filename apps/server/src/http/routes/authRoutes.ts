import { OpenAPIHono } from '@hono/zod-openapi';
import { csrfTokenFor } from '../../auth/csrfToken.ts';
import { LoginThrottle } from '../../auth/LoginThrottle.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { clientAddress } from '../clientAddress.ts';
import { HttpError } from '../HttpError.ts';
import { loginRefusal } from '../loginRefusal.ts';
import { readJson } from '../readJson.ts';
import { LoginBody, LoginResponse, toUserJson } from '../schemas/userSchemas.ts';
import { clearSessionCookie, writeSessionCookie } from '../sessionCookie.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const loginRoute = apiRoute({
  id: 'login', method: 'post', path: '/login', tag: 'auth', auth: false, body: LoginBody, errors: [400, 401, 413, 415, 422, 429, 503],
  errorText: {
    401: 'invalid-credentials: the email or the password is wrong (the same answer for an unknown account).',
    429:
      'too-many-attempts: too many failed password checks from this address on this account (5 in a row, then waits doubling from 1 s up to 15 min), from this address on any accounts (100 per 15 min), or on this account from addresses it has not signed in from (50 per 15 min). Retry-After says when to try again; the password was not checked.',
    503: 'password-hashing-busy: the server is checking too many passwords at once; Retry-After: 1.',
  },
  summary: 'Log in with email and password: sets the HttpOnly session cookie and returns the CSRF token. Throttled per address and account.',
  success: { status: 200, schema: LoginResponse, description: 'Logged in.' },
});

const logoutRoute = apiRoute({
  id: 'logout', method: 'post', path: '/logout', tag: 'auth', auth: false, errors: [403],
  summary: 'End the session of the cookie (needs x-csrf-token) and clear the cookie.',
  success: { status: 204, description: 'Logged out (also when there was no session).' },
});

/** Options of {@link authRoutes}. */
export interface AuthRoutesOptions {
  /** Shared with the password change (default: one of its own over `deps.config.loginThrottle`). */
  readonly loginThrottle?: LoginThrottle;
}

/**
 * `POST /login` and `POST /logout`, mounted at `/api/auth`. A login the throttle holds back (see `LoginThrottle`) is
 * answered 429 `too-many-attempts` with `Retry-After` before its password is hashed.
 */
export function authRoutes(deps: AppDeps, options: AuthRoutesOptions = {}): OpenAPIHono<AppEnv> {
  const { accounts, sessions, config } = deps;
  const throttle = options.loginThrottle ?? new LoginThrottle(config.loginThrottle);
  const routes = new OpenAPIHono<AppEnv>();

  serveRoute(routes, loginRoute, async (c) => {
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

  serveRoute(routes, logoutRoute, (c) => {
    const session = c.get('auth')?.session;
    if (session !== undefined) sessions.revokeById(session.id);
    clearSessionCookie(c, config.secureCookies);
    return c.body(null, 204);
  });

  return routes;
}
