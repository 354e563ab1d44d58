import type { Context } from 'hono';
import type { AppEnv, RequestAuth } from '../http/AppEnv.ts';
import { HttpError } from '../http/HttpError.ts';

/**
 * 403 `admin-required` unless the caller is an instance administrator now: the principal is read from the database
 * at each request, so an account demoted a moment ago is refused at its next request.
 */
export function requireAdmin(c: Context<AppEnv>, what: string): void {
  if (!(c.get('auth') as RequestAuth).principal.isAdmin) throw new HttpError(403, 'admin-required', `Only an instance administrator may ${what}.`);
}

/** Whether the caller is an instance administrator now. */
export function isAdmin(c: Context<AppEnv>): boolean {
  return (c.get('auth') as RequestAuth | undefined)?.principal.isAdmin === true;
}
