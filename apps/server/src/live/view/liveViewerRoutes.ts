import { OpenAPIHono } from '@hono/zod-openapi';
import { toVtt } from '@verbatim/core';
import { LiveViewerLinkJson, LiveViewJson } from '@verbatim/core/api';
import type { Context, MiddlewareHandler } from 'hono';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { hashToken } from '../../auth/hashToken.ts';
import { randomToken } from '../../auth/randomToken.ts';
import type { AppDeps } from '../../http/AppDeps.ts';
import type { AppEnv } from '../../http/AppEnv.ts';
import { clientAddress } from '../../http/clientAddress.ts';
import { HttpError } from '../../http/HttpError.ts';
import { requireAuth } from '../../http/middleware/requireAuth.ts';
import { apiRoute, serveRoute } from '../../http/openapi/apiRoute.ts';
import { captionsToSegments } from '../finish/captionsToSegments.ts';
import type { LiveSession } from '../LiveSession.ts';
import { LiveSessionStore } from '../LiveSessionStore.ts';
import { authorizeLiveSession } from '../liveRoutes.ts';
import { CaptionEventStream } from './CaptionEventStream.ts';
import { ViewerStreams } from './ViewerStreams.ts';

/** WebVTT files of this many sessions are kept built (see the captions.vtt route). */
const VTT_CACHE_SESSIONS = 32;

/** Options of {@link liveViewerRoutes}. */
export interface LiveViewerRoutesOptions {
  /**
   * Requests per minute one client address may make to `/live/view/*` (default: the server's
   * `liveViewerRequestsPerMinute`, else 6000: a venue's phones share one address behind its NAT, and each screen makes
   * a few requests as it opens).
   */
  readonly requestsPerMinute?: number;
  /** Caption streams open at once from one client address (default: the server's `liveViewerStreamsPerAddress`, else 2000). */
  readonly maxStreamsPerAddress?: number;
  /**
   * Caption streams open at once on the whole server (default: the server's `liveViewerStreams`, else 10 000): each
   * holds a bounded queue, so this bounds what the screens cost in memory.
   */
  readonly maxStreams?: number;
  /** Events held for a viewer that does not read, before its partials are dropped and then it is cut off (default 64). */
  readonly maxQueuedEvents?: number;
  /** Heartbeat comment interval of the caption streams (default 15 s). */
  readonly heartbeatMs?: number;
  /** Finals a screen opened mid-talk is given (default 3). */
  readonly recentFinals?: number;
}

const TOKEN_PARAM = { token: { description: 'The viewer link\'s secret (the last part of its /captions/<token> URL).', maxLength: 100 } } as const;
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

const createLinkRoute = apiRoute({
  id: 'createLiveViewerLink', method: 'post', path: '/{id}/viewer-link', tag: 'live', auth: true, errors: [400, 404, 409],
  errorText: { 409: 'session-not-live: the session has stopped; its recording and transcript are in the project.' },
  summary:
    'Make a new read-only viewer link for a live session (editors and above): a caption screen anyone with the link can open without an account. Any earlier link stops working at once and the screens open with it are told it was revoked. The token is shown this once; the server keeps only its hash.',
  success: { status: 201, schema: LiveViewerLinkJson, description: 'The link and its token.' },
});

const revokeLinkRoute = apiRoute({
  id: 'revokeLiveViewerLink', method: 'delete', path: '/{id}/viewer-link', tag: 'live', auth: true, errors: [400, 404],
  summary: 'Revoke the session\'s viewer link (editors and above): its screens are told at once and the link answers 404 from then on.',
  success: { status: 204, description: 'Revoked (or there was no link).' },
});

const viewRoute = apiRoute({
  id: 'getLiveView', method: 'get', path: '/{token}/session', tag: 'live', auth: false, pathParams: TOKEN_PARAM, errors: [404, 429],
  errorText: { 404: 'viewer-link-not-found: no such link, or it was revoked or replaced.', 429: 'too-many-requests: too many requests from this address; Retry-After says when to try again.' },
  summary: 'What a caption screen shows besides the captions (no account; the viewer link\'s token is the credential): the title, the state and the last few finals.',
  success: { status: 200, schema: LiveViewJson, description: 'The session as a viewer sees it.' },
});

const eventsRoute = apiRoute({
  id: 'streamLiveCaptions', method: 'get', path: '/{token}/events', tag: 'live', auth: false, pathParams: TOKEN_PARAM, errors: [404, 429, 503],
  errorText: {
    404: 'viewer-link-not-found: no such link, or it was revoked or replaced.',
    429: 'too-many-requests / too-many-streams: too many requests or open streams from this address.',
    503: 'too-many-viewers: the server has as many caption streams open as it serves (all addresses); Retry-After says when to try again.',
  },
  summary:
    'The captions as Server-Sent Events (no account): `caption` events (data: a Caption, partial or final), `ended` (data: { transcriptId }) and `revoked` (the link was revoked or replaced), each ending the stream, and `: heartbeat` comments. A client that does not keep up loses partials first and is then disconnected; reconnecting and reading /session gives back the recent finals.',
  success: { status: 200, media: ['text/event-stream'], description: 'The event stream.' },
});

const vttRoute = apiRoute({
  id: 'getLiveCaptionsVtt', method: 'get', path: '/{token}/captions.vtt', tag: 'live', auth: false, pathParams: TOKEN_PARAM, errors: [404, 429],
  errorText: { 404: 'viewer-link-not-found: no such link, or it was revoked or replaced.', 429: 'too-many-requests: too many requests from this address.' },
  summary: 'The final captions so far as a WebVTT file (no account), on the session\'s clock; it grows as the talk goes on, so a player reloads it.',
  success: { status: 200, media: ['text/vtt'], description: 'The WebVTT file.' },
});

/**
 * Viewer links of live sessions and what they open. `links` (mount at `/api/live-sessions`): `POST /:id/viewer-link`
 * makes a new token (sha256-hashed in the session's row; the earlier link's open streams get `revoked` and close at
 * once) and `DELETE` revokes it, both `live.manage`. `view` (mount at `/live/view`, outside the API: no account, no
 * CSRF, the token is the credential, looked up by its hash, rate-limited per client address): the session's title,
 * state and recent finals, its captions as Server-Sent Events fed by the {@link LiveHub} (bounded per viewer, see
 * {@link CaptionEventStream}), and the finals so far as WebVTT. An unknown or revoked token is a JSON 404.
 *
 * @example
 * const viewer = liveViewerRoutes(deps);
 * app.route('/api/live-sessions', viewer.links);
 * app.route('/live/view', viewer.view);
 */
export function liveViewerRoutes(deps: AppDeps, options: LiveViewerRoutesOptions = {}): { links: OpenAPIHono<AppEnv>; view: OpenAPIHono<AppEnv>; streams: ViewerStreams } {
  const store = new LiveSessionStore(deps.db, { ...(deps.now && { now: deps.now }) });
  const now = deps.now ?? Date.now;
  const streams = new ViewerStreams();
  const recent = options.recentFinals ?? 3;
  const vttCache = new Map<string, { finals: number; vtt: string }>();
  // a deleted project takes its sessions along: their screens are told at once (the emitter goes with the context)
  deps.content.onDidRemoveContent(() => {
    for (const sessionId of streams.sessionIds()) if (store.get(sessionId) === undefined) streams.revoke(sessionId, null, 'These captions were deleted.');
  });
  // a link replaced or revoked through another web process closes the screens open here with the old one
  deps.liveHub?.onDidRevoke(({ sessionId, keepTokenHash }) => streams.revoke(sessionId, keepTokenHash));

  const links = new OpenAPIHono<AppEnv>();
  links.use('/:id/viewer-link', requireAuth());

  serveRoute(links, createLinkRoute, (c) => {
    const session = authorizeLiveSession(c, deps, store, 'live.manage');
    if (session.state !== 'live') throw new HttpError(409, 'session-not-live', `This live session is ${session.state}: viewer links are made while it is live.`);
    const token = randomToken(32);
    const tokenHash = hashToken(token);
    const createdAt = now();
    store.setViewerToken(session.id, tokenHash, createdAt);
    streams.revoke(session.id, tokenHash);
    deps.liveHub?.announceRevocation(session.id, tokenHash);
    const origin = deps.config.publicUrl?.replace(/\/+$/, '') ?? new URL(c.req.url).origin;
    return c.json({ token, url: `${origin}/captions/${token}`, createdAt } satisfies LiveViewerLinkJson, 201);
  });

  serveRoute(links, revokeLinkRoute, (c) => {
    const session = authorizeLiveSession(c, deps, store, 'live.manage');
    store.setViewerToken(session.id, null, null);
    streams.revoke(session.id, null);
    deps.liveHub?.announceRevocation(session.id, null);
    return c.body(null, 204);
  });

  const view = new OpenAPIHono<AppEnv>();
  const requestsPerMinute = options.requestsPerMinute ?? deps.config.liveViewerRequestsPerMinute ?? 6000;
  const maxStreamsPerAddress = options.maxStreamsPerAddress ?? deps.config.liveViewerStreamsPerAddress ?? 2000;
  const maxStreams = options.maxStreams ?? deps.config.liveViewerStreams ?? 10_000;
  view.use(rateLimit(requestsPerMinute, deps.config.trustProxy ?? 0));
  const sessionOf = (c: Context<AppEnv>): { session: LiveSession; tokenHash: string } => {
    const token = c.req.param('token') ?? '';
    const session = TOKEN.test(token) ? store.findByViewerTokenHash(hashToken(token)) : undefined;
    if (session === undefined) throw new HttpError(404, 'viewer-link-not-found', 'This caption link does not exist or was revoked. Ask the organisers for the current link.');
    return { session, tokenHash: session.viewerTokenHash! };
  };

  serveRoute(view, viewRoute, (c) => {
    const { session } = sessionOf(c);
    c.header('cache-control', 'no-store');
    return c.json({ title: session.title, state: session.state, recentFinals: store.recentFinals(session.id, recent) } satisfies LiveViewJson);
  });

  serveRoute(view, eventsRoute, (c) => {
    const { session, tokenHash } = sessionOf(c);
    const address = clientAddress(c, deps.config.trustProxy ?? 0);
    if (streams.countFrom(address) >= maxStreamsPerAddress) throw new HttpError(429, 'too-many-streams', `This address has ${maxStreamsPerAddress} caption streams open already; close some first.`);
    if (streams.total >= maxStreams) {
      throw new HttpError(503, 'too-many-viewers', `This server has ${maxStreams} caption screens open, as many as it serves; try again in a minute.`, { headers: { 'retry-after': '60' } });
    }
    let forget = () => {};
    let unsubscribe = () => {};
    const events = new CaptionEventStream({
      ...(options.maxQueuedEvents !== undefined && { maxQueued: options.maxQueuedEvents }),
      ...(options.heartbeatMs !== undefined && { heartbeatMs: options.heartbeatMs }),
      onClose: (reason) => {
        unsubscribe();
        forget();
        if (reason !== 'slow') return;
        deps.logger?.warn({ sessionId: session.id }, 'cut off a caption viewer that did not keep up (it reconnects and reads the recent finals)');
        // what the socket still holds would otherwise wait for a client that does not read (Node's adapter: its response)
        (c.env as { outgoing?: { destroy(): void } } | undefined)?.outgoing?.destroy();
      },
    });
    forget = streams.add(session.id, tokenHash, address, events);
    if (session.state === 'ended' || session.state === 'failed') {
      events.close({ event: 'ended', data: { transcriptId: session.transcriptId } });
    } else {
      unsubscribe =
        deps.liveHub?.subscribe(session.id, (message) => {
          if (message.type === 'caption') events.send({ event: 'caption', data: message.caption, ...(!message.caption.final && { partialSeq: message.caption.seq }) });
          else if (message.type === 'ended') events.close({ event: 'ended', data: { transcriptId: message.transcriptId } });
        }) ?? (() => {});
      c.req.raw.signal.addEventListener('abort', () => events.close(), { once: true });
    }
    return new Response(events.stream, {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
    });
  });

  serveRoute(view, vttRoute, (c) => {
    const { session } = sessionOf(c);
    // every screen and player polls this file: it is built again only when a final was added, not per request (a
    // 3-hour talk has thousands of finals)
    let cached = vttCache.get(session.id);
    if (cached?.finals !== session.finals) {
      const segments = captionsToSegments(store.listFinals(session.id), Number.POSITIVE_INFINITY);
      cached = { finals: session.finals, vtt: toVtt({ language: 'en', duration: segments.at(-1)?.end ?? 0, segments, model: session.model, plugins: [] }, { voices: false }) };
      vttCache.delete(session.id);
      vttCache.set(session.id, cached);
      // the most recently built files stay; the oldest goes past the bound
      if (vttCache.size > VTT_CACHE_SESSIONS) vttCache.delete(vttCache.keys().next().value!);
    }
    const vtt = cached.vtt;
    return c.body(vtt, 200, { 'content-type': 'text/vtt; charset=utf-8', 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
  });

  return { links, view, streams };
}

// per client address, before the token is looked up, so guessing tokens is slow too
function rateLimit(perMinute: number, trustProxy: number): MiddlewareHandler<AppEnv> {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return async (c, next) => {
    try {
      await limiter.consume(clientAddress(c, trustProxy));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new HttpError(429, 'too-many-requests', `Too many requests from this address; try again in ${seconds} s.`, { headers: { 'retry-after': String(seconds) } });
    }
    await next();
  };
}
