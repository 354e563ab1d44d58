import { Hono } from 'hono';
import { csrfTokenFor } from '../../auth/csrfToken.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';
import { readJson } from '../readJson.ts';
import { toUserJson, LoginBody } from '../schemas/userSchemas.ts';
import { clearSessionCookie, writeSessionCookie } from '../sessionCookie.ts';

/** `POST /login` and `POST /logout`, mounted at `/api/auth`. */
export function authRoutes(deps: AppDeps): Hono<AppEnv> {
  const { accounts, sessions, config } = deps;
  const routes = new Hono<AppEnv>();

  routes.post('/login', async (c) => {
    const { email, password } = await readJson(c, LoginBody);
    const result = await accounts.authenticate(email, password);
    if (!result.ok) throw new HttpError(401, 'invalid-credentials', 'The email address or the password is wrong.');
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
