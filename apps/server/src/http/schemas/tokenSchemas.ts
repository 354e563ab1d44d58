import { z } from 'zod';
import type { ApiToken } from '../../auth/ApiTokenStore.ts';

/** An API token without its secret. */
export const ApiTokenJson = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.int(),
  lastUsedAt: z.int().nullable(),
  revokedAt: z.int().nullable(),
});

/** `GET /api/tokens`: the caller's tokens, newest first, revoked ones included. */
export const TokenListResponse = z.object({ tokens: z.array(ApiTokenJson) });

/** `POST /api/tokens`. */
export const CreateTokenBody = z.strictObject({ name: z.string().max(10_000) });

/** A new token: `token` is the secret, shown this once and never again. */
export const CreatedTokenResponse = z.object({
  token: z.string().describe('Send as "Authorization: Bearer <token>". Store it now: it cannot be shown again.'),
  apiToken: ApiTokenJson,
});

/** {@link ApiTokenJson} of a token. */
export function toApiTokenJson(token: ApiToken): z.infer<typeof ApiTokenJson> {
  return { id: token.id, name: token.name, createdAt: token.createdAt, lastUsedAt: token.lastUsedAt, revokedAt: token.revokedAt };
}
