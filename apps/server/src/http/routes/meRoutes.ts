import { Hono } from 'hono';
import { csrfTokenFor } from '../../auth/csrfToken.ts';
import { LoginThrottle } from '../../auth/LoginThrottle.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { clientAddress } from '../clientAddress.ts';
import { HttpError } from '../HttpError.ts';
import { loginRefusal } from '../loginRefusal.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readJson } from '../readJson.ts';
import { toProjectJson } from '../schemas/projectSchemas.ts';
import { ChangePasswordBody, toUserJson } from '../schemas/userSchemas.ts';

/** Options of {@link meRoutes}. */
export interface MeRoutesOptions {
  /** Shared with login (default: one of its own over `deps.config.loginThrottle`). */
  readonly loginThrottle?: LoginThrottle;
}

/**
 * `GET /` (the caller, its CSRF token and memberships) and `POST /password`, mounted at `/api/me`. Checking the
 * current password goes through the login throttle, so a stolen session cannot be used to guess it.
 */
export function meRoutes(deps: AppDeps, options: MeRoutesOptions = {}): Hono<AppEnv> {
  const { accounts, projects, config } = deps;
  const throttle = options.loginThrottle ?? new LoginThrottle(config.loginThrottle);
  const routes = new Hono<AppEnv>();
  routes.use(requireAuth());

  routes.get('/', (c) => {
    const auth = c.get('auth') as RequestAuth;
    // carries the CSRF token: no cache may keep it
    c.header('cache-control', 'no-store');
    return c.json({
      user: toUserJson(auth.user),
      authenticatedWith: auth.principal.via,
      csrfToken: auth.session === undefined ? null : csrfTokenFor(auth.session),
      memberships: projects.listProjectsForUser(auth.user.id).map(({ project, role }) => toProjectJson(project, role)),
    });
  });

  routes.post('/password', async (c) => {
    const auth = c.get('auth') as RequestAuth;
    const { currentPassword, newPassword } = await readJson(c, ChangePasswordBody);
    const admission = await throttle.admit(auth.user.email, clientAddress(c, config.trustProxy ?? 0));
    if (!admission.admitted) throw loginRefusal(admission);
    const check = await accounts.authenticate(auth.user.email, currentPassword).catch(async (error: unknown) => {
      await admission.attempt.withdrawn();
      throw error;
    });
    if (!check.ok) throw new HttpError(403, 'wrong-password', 'The current password is wrong; the password was not changed.');
    await admission.attempt.succeeded();
    // ends the account's other sessions; the one making the change stays logged in
    await accounts.setPassword(auth.user.id, newPassword, auth.session === undefined ? {} : { keepSessionId: auth.session.id });
    return c.body(null, 204);
  });

  return routes;
}
