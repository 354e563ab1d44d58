import { z } from 'zod';
import { API_TOKEN_SCOPES, MAX_API_TOKEN_LIFETIME_DAYS } from '../../auth/ApiTokenScope.ts';
import type { ApiToken } from '../../auth/ApiTokenStore.ts';

/** What a token may do. */
export const ApiTokenScopeJson = z
  .enum(API_TOKEN_SCOPES)
  .describe(
    'read: every GET, and transcripts opened read-only; transcribe: read, plus uploading media and starting and cancelling jobs; ' +
      "write: everything the account may do through the API except creating tokens. The account's project roles apply on top.",
  );

/** An API token without its secret. */
export const ApiTokenJson = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.int(),
  lastUsedAt: z.int().nullable(),
  revokedAt: z.int().nullable().describe('When it was revoked (by DELETE /api/tokens/:id or a change of the account\'s password); null while live.'),
  scope: ApiTokenScopeJson,
  expiresAt: z.int().nullable().describe('When it stops working, in milliseconds since the epoch; null: never (until revoked).'),
});

/** `GET /api/tokens`: the caller's tokens, newest first, revoked ones included. */
export const TokenListResponse = z.object({ tokens: z.array(ApiTokenJson) });

/** `POST /api/tokens`. */
export const CreateTokenBody = z
  .strictObject({
    name: z.string().max(10_000),
    scope: ApiTokenScopeJson.optional().describe('Default write.'),
    expiresInDays: z
      .int()
      .min(1)
      .max(MAX_API_TOKEN_LIFETIME_DAYS)
      .optional()
      .describe(`Stop working this many days from now (1 to ${MAX_API_TOKEN_LIFETIME_DAYS}). Without it or expiresAt the token lives until revoked.`),
    expiresAt: z.int().optional().describe(`Stop working at this time (milliseconds since the epoch), at most ${MAX_API_TOKEN_LIFETIME_DAYS} days ahead.`),
  })
  .refine((body) => body.expiresInDays === undefined || body.expiresAt === undefined, {
    message: 'Give expiresInDays or expiresAt, not both.',
    path: ['expiresAt'],
  });

/** A new token: `token` is the secret, shown this once and never again. */
export const CreatedTokenResponse = z.object({
  token: z.string().describe('Send as "Authorization: Bearer <token>". Store it now: it cannot be shown again.'),
  apiToken: ApiTokenJson,
});

/** {@link ApiTokenJson} of a token. */
export function toApiTokenJson(token: ApiToken): z.infer<typeof ApiTokenJson> {
  return {
    id: token.id,
    name: token.name,
    createdAt: token.createdAt,
    lastUsedAt: token.lastUsedAt,
    revokedAt: token.revokedAt,
    scope: token.scope,
    expiresAt: token.expiresAt,
  };
}
