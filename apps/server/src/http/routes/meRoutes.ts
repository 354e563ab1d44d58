import { OpenAPIHono } from '@hono/zod-openapi';
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
import { ChangePasswordBody, MeResponse, toUserJson } from '../schemas/userSchemas.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const getMeRoute = apiRoute({
  id: 'getMe', method: 'get', path: '/', tag: 'auth', auth: true, errors: [],
  summary: 'The caller, its CSRF token (cookie sessions) and its projects.',
  success: { status: 200, schema: MeResponse, description: 'The caller.' },
});

const changePasswordRoute = apiRoute({
  id: 'changePassword', method: 'post', path: '/password', tag: 'auth', auth: true, body: ChangePasswordBody, errors: [400, 403, 413, 415, 422, 429, 503],
  errorText: {
    403: 'wrong-password: the current password is wrong; or a missing or wrong x-csrf-token on a cookie-authenticated request.',
    429: 'too-many-attempts: too many wrong current passwords (the login throttle counts these too); Retry-After says when to try again.',
    503: 'password-hashing-busy: the server is checking too many passwords at once; Retry-After: 1.',
    422:
      'The JSON does not fit the schema, or the new password is not acceptable: password-too-short, password-too-long, or password-too-weak (guessable: a common password, a word or pattern, or the account\'s own email or name; the message says which).',
  },
  summary:
    "Change the caller's password (and clear mustChangePassword): the account's other sessions end and every one of its API tokens is revoked; the session that made the change stays.",
  success: { status: 204, description: 'Changed.' },
});

/** Options of {@link meRoutes}. */
export interface MeRoutesOptions {
  /** Shared with login (default: one of its own over `deps.config.loginThrottle`). */
  readonly loginThrottle?: LoginThrottle;
}

/**
 * `GET /` (the caller, its CSRF token and memberships) and `POST /password`, mounted at `/api/me`. Checking the
 * current password goes through the login throttle, so a stolen session cannot be used to guess it.
 */
export function meRoutes(deps: AppDeps, options: MeRoutesOptions = {}): OpenAPIHono<AppEnv> {
  const { accounts, projects, config } = deps;
  const throttle = options.loginThrottle ?? new LoginThrottle(config.loginThrottle);
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, getMeRoute, (c) => {
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

  serveRoute(routes, changePasswordRoute, async (c) => {
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
