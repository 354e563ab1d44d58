import { LoginResponseJson, MeJson, UserJson as CoreUserJson } from '@verbatim/core/api';
import { z } from 'zod';
import type { User } from '../../auth/User.ts';

/** An account as the API shows it (declared once in @verbatim/core/api, which the workbench reads too). */
export const UserJson = CoreUserJson;

/** `POST /api/auth/login`. */
export const LoginBody = z.strictObject({
  email: z.string().max(1000),
  password: z.string().max(10_000),
});

/** What a login returns: the account and the CSRF token to send as `x-csrf-token` on cookie-authenticated writes. */
export const LoginResponse = LoginResponseJson;

/** `GET /api/me`. */
export const MeResponse = MeJson;

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
