import { z } from 'zod';
import type { User } from '../../auth/User.ts';
import { ProjectJson } from './projectSchemas.ts';

/** An account as the API shows it. */
export const UserJson = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
  mustChangePassword: z
    .boolean()
    .describe('Set for accounts created with a generated password (the first administrator, POST /api/users without a password) until they change it.'),
  createdAt: z.int().describe('Milliseconds since the epoch.'),
});

/** `POST /api/auth/login`. */
export const LoginBody = z.strictObject({
  email: z.string().max(1000),
  password: z.string().max(10_000),
});

/** What a login returns: the account and the CSRF token to send as `x-csrf-token` on cookie-authenticated writes. */
export const LoginResponse = z.object({ user: UserJson, csrfToken: z.string() });

/** `GET /api/me`. */
export const MeResponse = z.object({
  user: UserJson,
  authenticatedWith: z.enum(['session', 'api-token']),
  csrfToken: z.string().nullable().describe('The session\'s CSRF token; null for API-token requests, which need none.'),
  memberships: z.array(ProjectJson),
});

/** `POST /api/me/password`. */
export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().max(10_000),
  newPassword: z.string().max(10_000),
});

/** {@link UserJson} of an account. */
export function toUserJson(user: User): z.infer<typeof UserJson> {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    isAdmin: user.isAdmin,
    mustChangePassword: user.mustChangePassword,
    createdAt: user.createdAt,
  };
}
