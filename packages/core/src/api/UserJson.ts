import { z } from 'zod';
import { ProjectJson } from './ProjectJson.ts';

/** An account as the API shows it (the signed-in user of `GET /api/me` and `POST /api/auth/login`, and accounts). */
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

/** {@link UserJson} as it is on the wire. */
export type UserJson = z.infer<typeof UserJson>;

/** What a login returns: the account and the CSRF token to send as `x-csrf-token` on cookie-authenticated writes. */
export const LoginResponseJson = z.object({ user: UserJson, csrfToken: z.string() });

/** {@link LoginResponseJson} as it is on the wire. */
export type LoginResponseJson = z.infer<typeof LoginResponseJson>;

/** `GET /api/me`: the caller, how it authenticated, its CSRF token and its projects. */
export const MeJson = z.object({
  user: UserJson,
  authenticatedWith: z.enum(['session', 'api-token']),
  csrfToken: z.string().nullable().describe("The session's CSRF token; null for API-token requests, which need none."),
  memberships: z.array(ProjectJson),
});

/** {@link MeJson} as it is on the wire. */
export type MeJson = z.infer<typeof MeJson>;
