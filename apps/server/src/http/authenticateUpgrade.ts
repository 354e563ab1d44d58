import type { IncomingMessage } from 'node:http';
import type { ApiTokenScope } from '../auth/ApiTokenScope.ts';
import type { ApiTokenStore } from '../auth/ApiTokenStore.ts';
import type { Principal } from '../auth/Principal.ts';
import type { SessionStore } from '../auth/SessionStore.ts';
import type { User } from '../auth/User.ts';
import { SESSION_COOKIE } from './sessionCookie.ts';

/** What {@link authenticateUpgrade} needs. */
export interface UpgradeAuthDeps {
  readonly sessions: SessionStore;
  readonly tokens: ApiTokenStore;
  /** The server's public URL (behind a proxy), whose origin cookie-authenticated browsers may connect from. */
  readonly publicUrl?: string | undefined;
}

/** Who asks for a WebSocket upgrade, or the HTTP answer that refuses it. */
export type UpgradeCaller =
  | {
      readonly ok: true;
      readonly principal: Principal;
      readonly user: User | undefined;
      /** The API token's scope; undefined for the session cookie (which may do what the account may). */
      readonly tokenScope: ApiTokenScope | undefined;
    }
  | { readonly ok: false; readonly status: 401 | 403; readonly code: string; readonly message: string };

/** The endpoint's own words in {@link authenticateUpgrade}'s refusals. */
export interface UpgradeWording {
  /** Refusal of a session cookie sent from another origin, e.g. "Collaboration rooms only accept session cookies…". */
  readonly crossOrigin: string;
  /** Refusal of a caller with no credentials, e.g. "Log in, or pass an API token, to open a transcript." */
  readonly unauthenticated: string;
}

const BEARER = /^Bearer +(\S+)$/i;

/**
 * Finds the caller of a WebSocket upgrade the same way for every endpoint (collaboration rooms, live audio): an API
 * token (`Authorization: Bearer`, or `?token=` since browsers cannot set headers on WebSockets) or the session cookie;
 * a cookie is only honoured from the server's own origin, so another site cannot connect with a visitor's cookie. An
 * account that must still change its one-time password is refused (403). What the caller may do there is the
 * endpoint's decision.
 */
export function authenticateUpgrade(request: IncomingMessage, url: URL, deps: UpgradeAuthDeps, words: UpgradeWording): UpgradeCaller {
  let principal: Principal | undefined;
  let user: User | undefined;
  let tokenScope: ApiTokenScope | undefined;
  const authorization = request.headers.authorization;
  const queryToken = url.searchParams.get('token');
  if (authorization !== undefined || queryToken !== null) {
    const token = authorization === undefined ? queryToken! : BEARER.exec(authorization.trim())?.[1];
    const verified = token === undefined ? undefined : deps.tokens.verify(token);
    if (verified === undefined) return refuse(401, 'invalid-token', 'The API token is not valid: it is unknown, revoked or expired, or its account is disabled.');
    principal = verified.principal;
    user = verified.user;
    tokenScope = verified.apiToken.scope;
  } else {
    const active = deps.sessions.lookup(readCookie(request.headers.cookie, SESSION_COOKIE));
    if (active !== undefined) {
      if (!sameOrigin(request, deps.publicUrl)) return refuse(403, 'cross-origin', words.crossOrigin);
      principal = active.principal;
      user = active.user;
    }
  }
  if (principal === undefined) return refuse(401, 'unauthenticated', words.unauthenticated);
  if (user?.mustChangePassword === true) {
    return refuse(403, 'password-change-required', 'This account still has a one-time password: change it first with POST /api/me/password.');
  }
  return { ok: true, principal, user, tokenScope };
}

function refuse(status: 401 | 403, code: string, message: string): UpgradeCaller {
  return { ok: false, status, code, message };
}

/** The value of cookie `name` in a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Whether a WebSocket handshake comes from the server's own pages: its `Origin` names the host it was sent to, or the
 * public URL's. Browsers always send Origin on WebSocket handshakes; a missing one is a non-browser client holding the
 * cookie itself.
 */
export function sameOrigin(request: IncomingMessage, publicUrl: string | undefined): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (host === request.headers.host) return true;
  if (publicUrl === undefined) return false;
  try {
    return new URL(publicUrl).host === host;
  } catch {
    return false;
  }
}
