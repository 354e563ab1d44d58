import type { IncomingMessage } from 'node:http';
import type { ApiTokenStore } from '../auth/ApiTokenStore.ts';
import type { Principal } from '../auth/Principal.ts';
import type { ProjectStore } from '../auth/ProjectStore.ts';
import type { SessionStore } from '../auth/SessionStore.ts';
import { authenticateUpgrade } from '../http/authenticateUpgrade.ts';
import type { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import type { YjsAccess } from './YjsRoom.ts';

/** What the upgrade handler needs to decide who may join a transcript's room. */
export interface YjsAuthDeps {
  readonly sessions: SessionStore;
  readonly tokens: ApiTokenStore;
  readonly projects: ProjectStore;
  readonly transcripts: TranscriptStore;
  /** The server's public URL (behind a proxy), whose origin cookie-authenticated browsers may connect from. */
  readonly publicUrl?: string | undefined;
}

/** The outcome of {@link authorizeYjsUpgrade}: a room to join, or the HTTP answer that refuses the upgrade. */
export type YjsUpgradeDecision =
  | { readonly ok: true; readonly transcriptId: string; readonly principal: Principal; readonly access: YjsAccess }
  | { readonly ok: false; readonly status: 400 | 401 | 403 | 404; readonly code: string; readonly message: string };

/** The path prefix of collaboration rooms: `/yjs/<transcriptId>`. */
export const YJS_PATH_PREFIX = '/yjs/';

/**
 * Decides a WebSocket upgrade to `/yjs/:transcriptId`. The caller is an API token (`Authorization: Bearer`, or
 * `?token=` since browsers cannot set headers on WebSockets) or the session cookie; a cookie is only honoured
 * from the server's own origin, so another site cannot open a room with a visitor's cookie. Joining takes
 * `transcript.read`; writing takes `transcript.edit` (and, for an API token, the `write` scope), and
 * `transcript.review` allows changing review marks only. Unknown transcripts and strangers both get 404; an account
 * that must still change its one-time password gets 403.
 */
export function authorizeYjsUpgrade(request: IncomingMessage, deps: YjsAuthDeps): YjsUpgradeDecision {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const rest = url.pathname.startsWith(YJS_PATH_PREFIX) ? url.pathname.slice(YJS_PATH_PREFIX.length) : '';
  if (rest === '' || rest.includes('/')) return refuse(404, 'not-found', 'There is no collaboration room at this address; use /yjs/<transcript id>.');
  let transcriptId: string;
  try {
    transcriptId = decodeURIComponent(rest);
  } catch {
    return refuse(400, 'invalid-id', 'The transcript id in the address is not valid.');
  }

  const caller = authenticateUpgrade(request, url, deps, {
    crossOrigin: "Collaboration rooms only accept session cookies from this server's own pages.",
    unauthenticated: 'Log in, or pass an API token, to open a transcript.',
  });
  if (!caller.ok) return caller;
  const { principal } = caller;
  // a token narrower than write opens transcripts read-only (see ApiTokenScope)
  const writableByToken = caller.tokenScope === undefined || caller.tokenScope === 'write';

  const transcript = deps.transcripts.get(transcriptId);
  // a stranger and a missing transcript get the same answer, so ids cannot be probed
  const notFound = refuse(404, 'transcript-not-found', `There is no transcript ${transcriptId} that you can open.`);
  if (transcript === undefined) return notFound;
  const read = deps.projects.authorize(principal, transcript.projectId, 'transcript.read');
  if (!read.allowed) return read.reason === 'insufficient-role' ? refuse(403, 'forbidden', 'Your role in this project cannot open transcripts.') : notFound;
  const can = (action: 'transcript.edit' | 'transcript.review') => deps.projects.authorize(principal, transcript.projectId, action).allowed;
  const access: YjsAccess = !writableByToken ? 'read' : can('transcript.edit') ? 'write' : can('transcript.review') ? 'review' : 'read';
  return { ok: true, transcriptId, principal, access };
}

function refuse(status: 400 | 401 | 403 | 404, code: string, message: string): YjsUpgradeDecision {
  return { ok: false, status, code, message };
}
