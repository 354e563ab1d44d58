/**
 * What an API token may do, each scope including the one before it:
 * - `read`: read whatever its account may read (every GET), and open transcripts read-only;
 * - `transcribe`: `read`, plus upload media and start and cancel transcription jobs;
 * - `write`: everything its account may do through the API, except what only a signed-in person does (creating
 *   tokens). Tokens made before scopes existed have this one.
 * The account's project roles still apply on top: a scope never grants what the role does not.
 */
export type ApiTokenScope = 'read' | 'transcribe' | 'write';

/** The scopes, least first. */
export const API_TOKEN_SCOPES = ['read', 'transcribe', 'write'] as const satisfies readonly ApiTokenScope[];

/** Longest lifetime a token may be given, in days; without an expiry a token lives until it is revoked. */
export const MAX_API_TOKEN_LIFETIME_DAYS = 365;

/** True when `value` names an {@link ApiTokenScope}. */
export function isApiTokenScope(value: unknown): value is ApiTokenScope {
  return typeof value === 'string' && (API_TOKEN_SCOPES as readonly string[]).includes(value);
}

/** True when a token with scope `held` may do what needs `needed`. */
export function scopeAllows(held: ApiTokenScope, needed: ApiTokenScope): boolean {
  return API_TOKEN_SCOPES.indexOf(held) >= API_TOKEN_SCOPES.indexOf(needed);
}
