import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AuthError } from '../../auth/AuthError.ts';
import { normalizeEmail } from '../../auth/normalizeEmail.ts';
import { checkNewPassword } from '../../auth/passwordPolicy.ts';
import { randomToken } from '../../auth/randomToken.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { readJson } from '../readJson.ts';
import { CreateUserBody, ResetPasswordBody, toAccountJson, toUserSummaryJson, UpdateUserBody, UsersQuery } from '../schemas/accountSchemas.ts';
import { toUserJson } from '../schemas/userSchemas.ts';
import { CreatedUserResponse, UpdatedUserResponse, UsersResponse } from '../schemas/accountSchemas.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

// 18 random bytes, 24 base64url characters: what the first administrator gets too
const GENERATED_PASSWORD_BYTES = 18;

const QUERY_HELP = 'Use ?email=<address> to look up one account; administrators may leave it out to list every account.';

/** What a 403 from these administrator-only routes means. */
const ADMIN_REQUIRED = 'admin-required: the caller is not an administrator; or a missing or wrong x-csrf-token on a cookie-authenticated write.';

const createUserRoute = apiRoute({
  id: 'createUser', method: 'post', path: '/', tag: 'users', auth: true, body: CreateUserBody, errors: [400, 403, 409, 413, 415, 422],
  errorText: {
    403: ADMIN_REQUIRED,
    409: 'email-taken: an account with this email already exists.',
    422: 'The JSON does not fit the schema, or the email, display name or password is not acceptable (invalid-email, password-too-short…).',
  },
  summary:
    'Create an account (administrators). Without a password the server generates a one-time password, returns it in this response only and flags the account mustChangePassword.',
  success: { status: 201, schema: CreatedUserResponse, description: 'Created; the body carries the generated password, if any (Cache-Control: no-store).' },
});

const resetPasswordRoute = apiRoute({
  id: 'resetPassword', method: 'post', path: '/{id}/password', tag: 'users', auth: true, body: ResetPasswordBody,
  errors: [400, 403, 404, 413, 415, 422, 503],
  errorText: {
    403: ADMIN_REQUIRED,
    404: 'user-not-found: there is no account with this id.',
    422: 'The JSON does not fit the schema, or the password is not acceptable (password-too-short, password-too-long, password-too-weak).',
  },
  summary:
    "Reset an account's password (administrators): to the one given, or to a generated one returned in this response only. The account must change it at its next sign-in (mustChangePassword), and all its sessions and API tokens end now.",
  success: { status: 200, schema: CreatedUserResponse, description: 'Reset; the body carries the generated password, if any (Cache-Control: no-store).' },
});

const updateUserRoute = apiRoute({
  id: 'updateUser', method: 'patch', path: '/{id}', tag: 'users', auth: true, body: UpdateUserBody,
  errors: [400, 403, 404, 409, 413, 415, 422],
  errorText: {
    403: ADMIN_REQUIRED,
    404: 'user-not-found: there is no account with this id.',
    409: 'cannot-disable-self: administrators cannot deactivate their own account (so an active administrator always remains).',
  },
  summary:
    'Deactivate or reactivate an account (administrators). A deactivated account cannot sign in, its sessions end at once (open collaboration connections close) and its API tokens stop working until it is reactivated.',
  success: { status: 200, schema: UpdatedUserResponse, description: 'The account as it is now.' },
});

const listUsersRoute = apiRoute({
  id: 'listUsers', method: 'get', path: '/', tag: 'users', auth: true, errors: [400, 403],
  query: {
    email: {
      schema: UsersQuery.shape.email,
      description: 'Look up the active account with exactly this email (any case); anyone signed in may. Without it, administrators get every account.',
    },
  },
  errorText: {
    400: 'invalid-query: an unknown or repeated query parameter, or an email that is not an address.',
    403: 'admin-required: only administrators may list every account; look one up with ?email= instead.',
  },
  summary:
    'Every account (administrators), or with ?email= the one active account with that email as { id, email, displayName } (anyone signed in), so an owner can add a colleague to a project by email.',
  success: { status: 200, schema: UsersResponse, description: 'The accounts: all of them (UserList), or 0 or 1 looked up by email (UserLookup).' },
});

/**
 * Accounts, mounted at `/api/users`:
 * - `POST /` (administrators) creates an account; without a `password` the server generates a one-time password,
 *   returns it once and flags the account `mustChangePassword`;
 * - `GET /` lists every account (administrators); `GET /?email=` (anyone signed in) looks up the active account
 *   with exactly that email and returns only its id, email and display name, so an owner can add a colleague to
 *   a project by email without being able to list everyone;
 * - `POST /:id/password` (administrators) resets an account's password: to the one given, or to a generated one
 *   returned once; either way the account must change it at its next sign-in, and every session and API token of the
 *   account ends at once;
 * - `PATCH /:id` `{ disabled }` (administrators) deactivates an account (no sign-in; its sessions end and its API
 *   tokens stop working; its open sockets close) or reactivates it. Administrators cannot deactivate themselves, so
 *   an active administrator always remains.
 */
export function userRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { accounts } = deps;
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, createUserRoute, async (c) => {
    // before the body is read, so a non-administrator learns nothing from validation
    requireAdmin(c, 'create accounts');
    const body = await readJson(c, CreateUserBody);
    // checked before any hashing, so a weak password costs nothing
    if (body.password !== undefined) checkNewPassword(body.password, { email: body.email, displayName: body.displayName });
    const password = body.password ?? randomToken(GENERATED_PASSWORD_BYTES);
    const user = await accounts.createUser({
      email: body.email,
      password,
      ...(body.displayName !== undefined && { displayName: body.displayName }),
      isAdmin: body.isAdmin ?? false,
      mustChangePassword: body.password === undefined,
    });
    // a generated password is in this response only: no cache may keep it
    c.header('cache-control', 'no-store');
    return c.json(body.password === undefined ? { user: toUserJson(user), password } : { user: toUserJson(user) }, 201);
  });

  serveRoute(routes, resetPasswordRoute, async (c) => {
    requireAdmin(c, "reset another account's password");
    const id = readIdParam(c, 'id', 'user');
    const body = await readJson(c, ResetPasswordBody);
    const password = body.password ?? randomToken(GENERATED_PASSWORD_BYTES);
    await accounts.setPassword(id, password, { mustChange: true });
    c.header('cache-control', 'no-store');
    const user = accounts.getUser(id)!;
    return c.json(body.password === undefined ? { user: toUserJson(user), password } : { user: toUserJson(user) }, 200);
  });

  serveRoute(routes, updateUserRoute, async (c) => {
    requireAdmin(c, 'deactivate or reactivate accounts');
    const id = readIdParam(c, 'id', 'user');
    const { disabled } = await readJson(c, UpdateUserBody);
    if (disabled && id === (c.get('auth') as RequestAuth).user.id) {
      throw new HttpError(409, 'cannot-disable-self', 'You cannot deactivate your own account; another administrator can.');
    }
    return c.json({ user: toAccountJson(accounts.setDisabled(id, disabled)) });
  });

  serveRoute(routes, listUsersRoute, (c) => {
    const parsed = UsersQuery.safeParse(c.req.query());
    // c.req.query() keeps only the first of repeated parameters; a second email would be silently ignored
    if (!parsed.success || (c.req.queries('email')?.length ?? 0) > 1) throw new HttpError(400, 'invalid-query', QUERY_HELP);
    const { email } = parsed.data;
    if (email === undefined) {
      requireAdmin(c, 'list every account');
      return c.json({ users: accounts.listUsers().map(toAccountJson) });
    }
    const user = accounts.findUserByEmail(readEmail(email));
    // a disabled account cannot be added to a project, so it is not found here either
    return c.json({ users: user === undefined || user.disabledAt !== null ? [] : [toUserSummaryJson(user)] });
  });

  return routes;
}

function requireAdmin(c: Context<AppEnv>, what: string): void {
  if (!(c.get('auth') as RequestAuth).principal.isAdmin) {
    throw new HttpError(403, 'admin-required', `Only an instance administrator may ${what}.`);
  }
}

/** The normalised address, or 400 `invalid-query` when it cannot be one. */
function readEmail(email: string): string {
  try {
    return normalizeEmail(email);
  } catch (error) {
    if (error instanceof AuthError) throw new HttpError(400, 'invalid-query', `?email=: ${error.message}`, { cause: error });
    throw error;
  }
}
