import type { ApiOperation } from './ApiOperation.ts';
import { CreatedUserResponse, CreateUserBody, ResetPasswordBody, UpdatedUserResponse, UpdateUserBody, UsersQuery, UsersResponse } from './accountSchemas.ts';

/** The account routes of `API_OPERATIONS`. */
export const USER_OPERATIONS: readonly ApiOperation[] = [
  {
    id: 'createUser', method: 'post', path: '/api/users', tag: 'users', auth: true, body: CreateUserBody, errors: [400, 403, 409, 413, 415, 422],
    errorText: {
      403: 'admin-required: the caller is not an administrator; or a missing or wrong x-csrf-token on a cookie-authenticated write.',
      409: 'email-taken: an account with this email already exists.',
      422: 'The JSON does not fit the schema, or the email, display name or password is not acceptable (invalid-email, password-too-short…).',
    },
    summary:
      'Create an account (administrators). Without a password the server generates a one-time password, returns it in this response only and flags the account mustChangePassword.',
    success: { status: 201, schema: CreatedUserResponse, description: 'Created; the body carries the generated password, if any (Cache-Control: no-store).' },
  },
  {
    id: 'resetPassword', method: 'post', path: '/api/users/:id/password', tag: 'users', auth: true, body: ResetPasswordBody,
    errors: [400, 403, 404, 413, 415, 422, 503],
    errorText: {
      403: 'admin-required: the caller is not an administrator; or a missing or wrong x-csrf-token on a cookie-authenticated write.',
      404: 'user-not-found: there is no account with this id.',
      422: 'The JSON does not fit the schema, or the password is not acceptable (password-too-short, password-too-long, password-too-weak).',
    },
    summary:
      "Reset an account's password (administrators): to the one given, or to a generated one returned in this response only. The account must change it at its next sign-in (mustChangePassword), and all its sessions and API tokens end now.",
    success: { status: 200, schema: CreatedUserResponse, description: 'Reset; the body carries the generated password, if any (Cache-Control: no-store).' },
  },
  {
    id: 'updateUser', method: 'patch', path: '/api/users/:id', tag: 'users', auth: true, body: UpdateUserBody,
    errors: [400, 403, 404, 409, 413, 415, 422],
    errorText: {
      403: 'admin-required: the caller is not an administrator; or a missing or wrong x-csrf-token on a cookie-authenticated write.',
      404: 'user-not-found: there is no account with this id.',
      409: 'cannot-disable-self: administrators cannot deactivate their own account (so an active administrator always remains).',
    },
    summary:
      'Deactivate or reactivate an account (administrators). A deactivated account cannot sign in, its sessions end at once (open collaboration connections close) and its API tokens stop working until it is reactivated.',
    success: { status: 200, schema: UpdatedUserResponse, description: 'The account as it is now.' },
  },
  {
    id: 'listUsers', method: 'get', path: '/api/users', tag: 'users', auth: true, errors: [400, 403],
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
  },
];
