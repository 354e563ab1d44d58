import type { IncomingMessage } from 'node:http';
import type { ApiTokenStore } from '../auth/ApiTokenStore.ts';
import type { Principal } from '../auth/Principal.ts';
import type { ProjectStore } from '../auth/ProjectStore.ts';
import type { SessionStore } from '../auth/SessionStore.ts';
import { scopeAllows } from '../auth/ApiTokenScope.ts';
import { authenticateUpgrade } from '../http/authenticateUpgrade.ts';
import type { LiveSession } from './LiveSession.ts';
import type { LiveSessionStore } from './LiveSessionStore.ts';

/** What {@link authorizeLiveUpgrade} needs. */
export interface LiveAuthDeps {
  readonly sessions: SessionStore;
  readonly tokens: ApiTokenStore;
  readonly projects: ProjectStore;
  readonly live: LiveSessionStore;
  /** The server's public URL (behind a proxy), whose origin cookie-authenticated browsers may connect from. */
  readonly publicUrl?: string | undefined;
}

/** The outcome of {@link authorizeLiveUpgrade}: the session to send audio to, or the HTTP answer that refuses the upgrade. */
export type LiveUpgradeDecision =
  | { readonly ok: true; readonly session: LiveSession; readonly principal: Principal }
  | { readonly ok: false; readonly status: 400 | 401 | 403 | 404; readonly code: string; readonly message: string };

/** The audio endpoint's path: `/live/<sessionId>/audio`. */
export const LIVE_AUDIO_PATH = /^\/live\/([^/]+)\/audio$/;

/**
 * Decides a WebSocket upgrade to `/live/:sessionId/audio` the way the collaboration rooms do (`authorizeYjsUpgrade`):
 * an API token (`Authorization: Bearer` or `?token=`, which needs the `transcribe` scope) or the session cookie from
 * the server's own origin. Sending audio takes `live.start` in the session's project (editors and above); an unknown
 * session and a stranger's both get 404. A session that is no longer live is still upgraded (the endpoint closes it
 * with 4410 and says why), so a source learns the session ended rather than that it may not connect.
 */
export function authorizeLiveUpgrade(request: IncomingMessage, deps: LiveAuthDeps): LiveUpgradeDecision {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const match = LIVE_AUDIO_PATH.exec(url.pathname);
  if (match === null) return refuse(404, 'not-found', 'There is no live audio endpoint at this address; use /live/<session id>/audio.');
  let sessionId: string;
  try {
    sessionId = decodeURIComponent(match[1]!);
  } catch {
    return refuse(400, 'invalid-id', 'The live session id in the address is not valid.');
  }

  const caller = authenticateUpgrade(request, url, deps, {
    crossOrigin: "The live audio endpoint only accepts session cookies from this server's own pages.",
    unauthenticated: 'Log in, or pass an API token, to send live audio.',
  });
  if (!caller.ok) return caller;
  const { principal, tokenScope } = caller;
  if (tokenScope !== undefined && !scopeAllows(tokenScope, 'transcribe')) {
    return refuse(403, 'insufficient-scope', `This API token's scope is ${tokenScope}; sending live audio needs a token with the transcribe scope.`);
  }

  const notFound = refuse(404, 'live-session-not-found', `There is no live session ${sessionId} that you can send audio to.`);
  const session = deps.live.get(sessionId);
  if (session === undefined) return notFound;
  const decision = deps.projects.authorize(principal, session.projectId, 'live.start');
  if (!decision.allowed) {
    return decision.reason === 'insufficient-role'
      ? refuse(403, 'insufficient-role', `Your role in this project is ${decision.role}; sending live audio needs editor or above.`)
      : notFound;
  }
  return { ok: true, session, principal };
}

function refuse(status: 400 | 401 | 403 | 404, code: string, message: string): LiveUpgradeDecision {
  return { ok: false, status, code, message };
}
