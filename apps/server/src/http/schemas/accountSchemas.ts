import { z } from 'zod';
import type { User } from '../../auth/User.ts';
import { toUserJson, UserJson } from './userSchemas.ts';

/** `POST /api/users` (administrators): a new account. */
export const CreateUserBody = z.strictObject({
  email: z.string().max(1000).describe('Trimmed and lower-cased; one account per address.'),
  displayName: z.string().max(10_000).optional().describe('Defaults to the part of the email before the @.'),
  password: z
    .string()
    .max(10_000)
    .optional()
    .describe('At least 10 characters. Leave it out to have the server generate a one-time password, returned once, which the account must change.'),
  isAdmin: z.boolean().optional().describe('Make the account an instance administrator (default false).'),
});

/** `POST /api/users/:id/password` (administrators): reset an account's password. */
export const ResetPasswordBody = z.strictObject({
  password: z
    .string()
    .max(10_000)
    .optional()
    .describe('The new password (the policy applies). Leave it out to have the server generate one, returned once. Either way the account must change it at its next sign-in.'),
});

/** `PATCH /api/users/:id` (administrators): deactivate or reactivate an account. */
export const UpdateUserBody = z.strictObject({
  disabled: z
    .boolean()
    .describe('true deactivates the account: it cannot sign in, its sessions end at once and its API tokens stop working while it stays deactivated; false reactivates it.'),
});

/** An account as administrators see it: with whether it is deactivated. */
export const AccountJson = UserJson.extend({
  disabledAt: z.int().nullable().describe('When the account was deactivated (milliseconds since the epoch); null while it is active.'),
});

/** What `PATCH /api/users/:id` returns. */
export const UpdatedUserResponse = z.object({ user: AccountJson });

/** What `POST /api/users` returns: the account, and the generated password when the body had none. */
export const CreatedUserResponse = z.object({
  user: UserJson,
  password: z
    .string()
    .optional()
    .describe('Only when the server generated the password: shown this once and never stored in clear; hand it to the person, who must change it.'),
});

/** An account as anyone signed in may see it when they look it up by its email. */
export const UserSummaryJson = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
});

/** `GET /api/users` as an administrator: every account, oldest first. */
export const UserListResponse = z.object({ users: z.array(AccountJson) });

/** `GET /api/users?email=`: the active account with exactly this (normalised) email, or none. */
export const UserLookupResponse = z.object({ users: z.array(UserSummaryJson).max(1) });

/** `GET /api/users`: the list for an administrator without `?email=`, the lookup otherwise. */
export const UsersResponse = z.union([UserListResponse, UserLookupResponse]);

/** Query of `GET /api/users`. */
export const UsersQuery = z.strictObject({
  email: z.string().max(1000).optional(),
});

/** {@link UserSummaryJson} of an account. */
export function toUserSummaryJson(user: User): z.infer<typeof UserSummaryJson> {
  return { id: user.id, email: user.email, displayName: user.displayName };
}

/** {@link AccountJson} of an account. */
export function toAccountJson(user: User): z.infer<typeof AccountJson> {
  return { ...toUserJson(user), disabledAt: user.disabledAt };
}
