import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** The session cookie's name. */
export const SESSION_COOKIE = 'verbatim_session';

/** The cookie outlives idle periods; the server's session record decides when a session really ends (30 days at most). */
const MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** The session token the request's cookie carries, if any. */
export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

/** Sets the session cookie: HttpOnly (scripts cannot read it), SameSite=Lax, Secure when the server is behind https. */
export function writeSessionCookie(c: Context, token: string, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure, maxAge: MAX_AGE_SECONDS });
}

/** Tells the browser to drop the session cookie. */
export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure });
}
