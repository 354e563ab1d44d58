import { Hono } from 'hono';
import { csrfTokenFor } from '../../auth/csrfToken.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readJson } from '../readJson.ts';
import { toProjectJson } from '../schemas/projectSchemas.ts';
import { ChangePasswordBody, toUserJson } from '../schemas/userSchemas.ts';

/** `GET /` (the caller, its CSRF token and memberships) and `POST /password`, mounted at `/api/me`. */
export function meRoutes(deps: AppDeps): Hono<AppEnv> {
  const { accounts, projects } = deps;
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
    const check = await accounts.authenticate(auth.user.email, currentPassword);
    if (!check.ok) throw new HttpError(403, 'wrong-password', 'The current password is wrong; the password was not changed.');
    // ends the account's other sessions; the one making the change stays logged in
    await accounts.setPassword(auth.user.id, newPassword, auth.session === undefined ? {} : { keepSessionId: auth.session.id });
    return c.body(null, 204);
  });

  return routes;
}
