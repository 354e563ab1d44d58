import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Session } from './Session.ts';

type CsrfKey = Pick<Session, 'id' | 'csrfSecret'>;

/**
 * The CSRF token for a session: HMAC-SHA256 of the session id under the session's own secret, base64url.
 * The same session always yields the same token, so the page can fetch it once; it is useless with any
 * other session, and it changes when the user logs in again.
 */
export function csrfTokenFor(session: CsrfKey): string {
  return createHmac('sha256', session.csrfSecret).update(`verbatim-csrf\0${session.id}`).digest('base64url');
}

/** True when `token` (from a header or form field) is this session's CSRF token; compared in constant time. */
export function verifyCsrfToken(session: CsrfKey, token: string | null | undefined): boolean {
  if (typeof token !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(session), 'utf8');
  const given = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
