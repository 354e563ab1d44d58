// Viewer links end to end over real HTTP: the app (createApp) with a real LiveHub on a real database, links made and
// revoked through the API, the public caption stream read as Server-Sent Events, the growing WebVTT file; and the
// public routes alone with small limits for a viewer that does not read and for the per-address rate limit.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { CaptionJson, LiveViewerLinkJson, LiveViewJson } from '@verbatim/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../config/ServerConfig.ts';
import type { AppEnv } from '../../http/AppEnv.ts';
import { createApp } from '../../http/createApp.ts';
import { handleError } from '../../http/handleError.ts';
import { createServerContext, type ServerContext } from '../../http/createServerContext.ts';
import type { LogRecord } from '../../../test/testServer.ts';
import { LiveHub } from '../LiveHub.ts';
import { LiveSessionStore } from '../LiveSessionStore.ts';
import { liveViewerRoutes } from './liveViewerRoutes.ts';

const MODEL = { id: 'asr-model', version: '1', sha256: 'ab'.repeat(32) };

let dir: string;
let context: ServerContext;
let hub: LiveHub;
let store: LiveSessionStore;
let server: Server;
let url: string;
let projectId: string;
let editorToken: string;
let viewerToken: string;
let ownerId: string;
const logs: LogRecord[] = [];

function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<{ server: Server; url: string }> {
  const http = createAdaptorServer({ fetch }) as Server;
  return new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve({ server: http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` })));
}

function caption(seq: number, final: boolean, words: string[], startMs = seq * 2000): CaptionJson {
  const timed = words.map((text, i) => ({ text, startMs: startMs + i * 300, endMs: startMs + i * 300 + 250, confidence: 0.9 }));
  return { seq, final, text: words.join(' '), startMs, endMs: timed.at(-1)?.endMs ?? startMs, words: timed };
}

/** A final as the audio endpoint makes one: stored, then published. */
function final(sessionId: string, seq: number, words: string[]): CaptionJson {
  const made = caption(seq, true, words);
  store.appendFinal(sessionId, made);
  hub.publish(sessionId, { type: 'caption', caption: made });
  return made;
}

/** Reads Server-Sent Events off a response, one at a time. */
class EventReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = '';

  constructor(response: Response) {
    this.#reader = response.body!.getReader();
  }

  /** The next event (comments and `retry:` skipped); undefined when the stream ended. */
  async next(): Promise<{ event: string; data: unknown } | undefined> {
    for (;;) {
      const end = this.#buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined) return { event, data: data === undefined ? undefined : JSON.parse(data) };
        continue;
      }
      const { done, value } = await this.#reader.read();
      if (done) return undefined;
      this.#buffer += this.#decoder.decode(value, { stream: true });
    }
  }

  cancel(): Promise<void> {
    return this.#reader.cancel();
  }
}

const api = (path: string, token: string, method = 'GET') => fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
const events = async (token: string) => {
  const response = await fetch(`${url}/live/view/${token}/events`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return new EventReader(response);
};
const newSession = () => store.create({ projectId, title: 'Opening keynote', createdBy: ownerId, model: MODEL, sampleRate: 16000 }).id;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-live-view-'));
  const logger = {
    info: (fields: Record<string, unknown>, message: string) => void logs.push({ level: 'info', fields, message }),
    warn: (fields: Record<string, unknown>, message: string) => void logs.push({ level: 'warn', fields, message }),
    error: (fields: Record<string, unknown>, message: string) => void logs.push({ level: 'error', fields, message }),
  };
  context = createServerContext({ dataDir: join(dir, 'data'), webDir: join(dir, 'web'), publicUrl: undefined, uploadLimitBytes: 1024 ** 3 } as ServerConfig, { logger });
  store = new LiveSessionStore(context.db);
  hub = new LiveHub(store);
  ({ server, url } = await listen(createApp({ ...context, logger, liveHub: hub }).fetch));
  const owner = await context.accounts.createUser({ email: 'owner@example.org', password: 'owner password 1', displayName: 'Owner', isAdmin: false });
  const editor = await context.accounts.createUser({ email: 'editor@example.org', password: 'editor password 1', displayName: 'Editor', isAdmin: false });
  const viewer = await context.accounts.createUser({ email: 'viewer@example.org', password: 'viewer password 1', displayName: 'Viewer', isAdmin: false });
  ownerId = owner.id;
  projectId = context.projects.createProject('Conference', owner.id).id;
  context.projects.addMember(projectId, editor.id, 'editor');
  context.projects.addMember(projectId, viewer.id, 'viewer');
  editorToken = context.tokens.create(editor.id, 'editor').token;
  viewerToken = context.tokens.create(viewer.id, 'viewer').token;
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  context?.dispose();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('viewer links', () => {
  it('an editor makes a link; anyone with it reads the session and its captions; rotating and revoking close the old streams at once', async () => {
    const sessionId = newSession();
    const refused = await api(`/api/live-sessions/${sessionId}/viewer-link`, viewerToken, 'POST');
    expect(refused.status).toBe(403);
    const made = await api(`/api/live-sessions/${sessionId}/viewer-link`, editorToken, 'POST');
    expect(made.status).toBe(201);
    const link = (await made.json()) as LiveViewerLinkJson;
    expect(link.url).toBe(`${url}/captions/${link.token}`);
    expect(store.get(sessionId)!.viewerTokenHash).not.toContain(link.token);

    const first = final(sessionId, 0, ['good', 'morning']);
    const view = (await (await fetch(`${url}/live/view/${link.token}/session`)).json()) as LiveViewJson;
    expect(view).toEqual({ title: 'Opening keynote', state: 'live', recentFinals: [first] });

    const stream = await events(link.token);
    const partial = caption(1, false, ['wel']);
    hub.publish(sessionId, { type: 'caption', caption: partial });
    expect(await stream.next()).toEqual({ event: 'caption', data: partial });
    const second = final(sessionId, 1, ['welcome', 'everyone']);
    expect(await stream.next()).toEqual({ event: 'caption', data: second });

    // a new link: the old one's stream is told and ends, the old token is gone, the new one works
    const rotated = (await (await api(`/api/live-sessions/${sessionId}/viewer-link`, editorToken, 'POST')).json()) as LiveViewerLinkJson;
    expect(await stream.next()).toEqual({ event: 'revoked', data: { message: 'This caption link was revoked.' } });
    expect(await stream.next()).toBeUndefined();
    const gone = await fetch(`${url}/live/view/${link.token}/session`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ error: { code: 'viewer-link-not-found', message: expect.stringMatching(/does not exist or was revoked/) } });
    expect((await fetch(`${url}/live/view/${link.token}/events`)).status).toBe(404);

    const current = await events(rotated.token);
    expect((await api(`/api/live-sessions/${sessionId}/viewer-link`, viewerToken, 'DELETE')).status).toBe(403);
    expect((await api(`/api/live-sessions/${sessionId}/viewer-link`, editorToken, 'DELETE')).status).toBe(204);
    expect(await current.next()).toMatchObject({ event: 'revoked' });
    expect(await current.next()).toBeUndefined();
    expect((await fetch(`${url}/live/view/${rotated.token}/captions.vtt`)).status).toBe(404);
    expect(store.get(sessionId)!.viewerTokenHash).toBeNull();
    // a token that cannot be one is the same 404
    expect((await fetch(`${url}/live/view/not%20a%20token/session`)).status).toBe(404);
  });

  it('the stream ends with the session, and a stream opened after the end gets `ended` at once', async () => {
    const sessionId = newSession();
    const link = (await (await api(`/api/live-sessions/${sessionId}/viewer-link`, editorToken, 'POST')).json()) as LiveViewerLinkJson;
    const stream = await events(link.token);
    hub.publish(sessionId, { type: 'ended', transcriptId: 'tr-1' });
    expect(await stream.next()).toEqual({ event: 'ended', data: { transcriptId: 'tr-1' } });
    expect(await stream.next()).toBeUndefined();
    expect(hub.subscribers(sessionId)).toBe(0);
    store.setState(sessionId, 'stopping');
    expect((await api(`/api/live-sessions/${sessionId}/viewer-link`, editorToken, 'POST')).status).toBe(409);
    store.setFinished(sessionId, { mediaId: 'm', transcriptId: 'tr-1', retranscribeJobId: null });
    const late = await events(link.token);
    expect(await late.next()).toEqual({ event: 'ended', data: { transcriptId: 'tr-1' } });
    expect(((await (await fetch(`${url}/live/view/${link.token}/session`)).json()) as LiveViewJson).state).toBe('ended');
  });

  it('serves the finals so far as a growing WebVTT file', async () => {
    const sessionId = newSession();
    const link = (await (await api(`/api/live-sessions/${sessionId}/viewer-link`, editorToken, 'POST')).json()) as LiveViewerLinkJson;
    const empty = await fetch(`${url}/live/view/${link.token}/captions.vtt`);
    expect(empty.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await empty.text()).toBe('WEBVTT\n');
    final(sessionId, 0, ['good', 'morning']);
    hub.publish(sessionId, { type: 'caption', caption: caption(1, false, ['a', 'partial']) });
    const one = await (await fetch(`${url}/live/view/${link.token}/captions.vtt`)).text();
    // cue ends follow core's subtitle rules (minimum durations…); the starts and words are the finals'
    expect(one).toMatch(/^WEBVTT\n\n00:00:00\.000 --> 00:00:0\d\.\d{3}\ngood morning\n$/);
    final(sessionId, 1, ['R&D', '<team>']);
    const two = await (await fetch(`${url}/live/view/${link.token}/captions.vtt`)).text();
    // the earlier cue stays (its end may stretch to the subtitle rules' minimum now that another follows)
    expect(two).toMatch(/^WEBVTT\n\n00:00:00\.000 --> 00:00:0\d\.\d{3}\ngood morning\n\n00:00:02\.000 --> 00:00:0\d\.\d{3}\nR&amp;D &lt;team&gt;\n$/);
  });

  it('a deleted project closes its sessions\' screens at once', async () => {
    const owner = context.tokens.create(ownerId, 'owner').token;
    const doomed = context.projects.createProject('Doomed', ownerId).id;
    const sessionId = store.create({ projectId: doomed, title: 'Gone soon', createdBy: ownerId, model: MODEL, sampleRate: 16000 }).id;
    const link = (await (await api(`/api/live-sessions/${sessionId}/viewer-link`, owner, 'POST')).json()) as LiveViewerLinkJson;
    const stream = await events(link.token);
    context.content.removeProject(doomed);
    expect(await stream.next()).toEqual({ event: 'revoked', data: { message: 'These captions were deleted.' } });
    expect(await stream.next()).toBeUndefined();
    expect((await fetch(`${url}/live/view/${link.token}/session`)).status).toBe(404);
  });
});

describe('the public caption routes under load', () => {
  it('cut off a viewer that does not read, and keep serving the others', async () => {
    const sessionId = newSession();
    const token = 'slow-viewer-token-0123456789abcdef';
    const { createHash } = await import('node:crypto');
    store.setViewerToken(sessionId, createHash('sha256').update(token).digest('hex'), Date.now());
    const viewer = liveViewerRoutes({ ...context, logger: context.logger!, liveHub: hub } as never, { maxQueuedEvents: 8 });
    const app = new OpenAPIHono<AppEnv>();
    app.route('/live/view', viewer.view);
    const local = await listen(createAppLike(app));
    try {
      // a client that asks and then never reads
      const port = Number(new URL(local.url).port);
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      socket.write(`GET /live/view/${token}/events HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`);
      socket.pause();
      const reader = await (async () => {
        const response = await fetch(`${local.url}/live/view/${token}/events`);
        return new EventReader(response);
      })();
      for (let i = 0; i < 200 && viewer.streams.count(sessionId) < 2; i += 1) await new Promise((resolve) => setImmediate(resolve));
      expect(viewer.streams.count(sessionId)).toBe(2);
      // big finals until the silent client's socket and then its queue are full
      const words = Array.from({ length: 400 }, (_, i) => `word${i}`);
      let seq = 0;
      while (viewer.streams.count(sessionId) === 2 && seq < 5000) {
        hub.publish(sessionId, { type: 'caption', caption: caption(seq, false, words) });
        hub.publish(sessionId, { type: 'caption', caption: caption(seq, true, words) });
        // the reading viewer keeps up: it gets every final
        for (let last = -1; last < seq; ) {
          const next = await reader.next();
          if (next === undefined) throw new Error('the reading viewer was cut off');
          if ((next.data as CaptionJson).final) last = (next.data as CaptionJson).seq;
        }
        seq += 1;
      }
      expect(viewer.streams.count(sessionId)).toBe(1);
      expect(logs.some((log) => log.level === 'warn' && /did not keep up/.test(log.message))).toBe(true);
      socket.destroy();
      await reader.cancel();
    } finally {
      local.server.closeAllConnections();
      await new Promise((resolve) => local.server.close(resolve));
    }
  }, 60_000);

  it('let 1000 phones behind one venue address open the caption screen at once (the defaults)', async () => {
    const sessionId = newSession();
    const token = 'venue-viewer-token-0123456789abcdef';
    const { createHash } = await import('node:crypto');
    store.setViewerToken(sessionId, createHash('sha256').update(token).digest('hex'), Date.now());
    // no limits given: the server's configuration decides (here its defaults)
    const viewer = liveViewerRoutes({ ...context, liveHub: hub } as never);
    const app = new OpenAPIHono<AppEnv>();
    app.route('/live/view', viewer.view);
    const local = await listen(createAppLike(app));
    const opened: Response[] = [];
    try {
      // each phone reads the session, then opens its caption stream: 2000 requests from 127.0.0.1
      const phones = Array.from({ length: 1000 }, async () => {
        const view = await fetch(`${local.url}/live/view/${token}/session`);
        await view.body?.cancel();
        const stream = await fetch(`${local.url}/live/view/${token}/events`);
        opened.push(stream);
        return [view.status, stream.status];
      });
      const statuses = (await Promise.all(phones)).flat();
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      expect(viewer.streams.count(sessionId)).toBe(1000);
      expect(viewer.streams.total).toBe(1000);
    } finally {
      await Promise.all(opened.map((response) => response.body?.cancel()));
      local.server.closeAllConnections();
      await new Promise((resolve) => local.server.close(resolve));
    }
  }, 60_000);

  it('bound the open caption streams per address (429) and on the whole server (503), as configured', async () => {
    const sessionId = newSession();
    const token = 'bounded-viewer-token-0123456789abcdef';
    const { createHash } = await import('node:crypto');
    store.setViewerToken(sessionId, createHash('sha256').update(token).digest('hex'), Date.now());
    const open = async (config: Partial<ServerConfig>) => {
      const viewer = liveViewerRoutes({ ...context, config: { ...context.config, ...config }, liveHub: hub } as never);
      const app = new OpenAPIHono<AppEnv>();
      app.route('/live/view', viewer.view);
      const local = await listen(createAppLike(app));
      const responses: Response[] = [];
      for (let i = 0; i < 3; i += 1) responses.push(await fetch(`${local.url}/live/view/${token}/events`));
      const answers = await Promise.all(responses.map(async (r) => (r.status === 200 ? { status: 200 } : { status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.json() })));
      await Promise.all(responses.map((r) => r.body?.cancel().catch(() => {})));
      local.server.closeAllConnections();
      await new Promise((resolve) => local.server.close(resolve));
      return answers;
    };
    expect(await open({ liveViewerStreamsPerAddress: 2 })).toMatchObject([{ status: 200 }, { status: 200 }, { status: 429, body: { error: { code: 'too-many-streams' } } }]);
    expect(await open({ liveViewerStreams: 2 })).toMatchObject([{ status: 200 }, { status: 200 }, { status: 503, retryAfter: '60', body: { error: { code: 'too-many-viewers' } } }]);
  });

  it('limit requests per client address (429 with Retry-After), before any token is looked up', async () => {
    const viewer = liveViewerRoutes({ ...context, liveHub: hub } as never, { requestsPerMinute: 3 });
    const app = new OpenAPIHono<AppEnv>();
    app.route('/live/view', viewer.view);
    const local = await listen(createAppLike(app));
    try {
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await fetch(`${local.url}/live/view/guess-${i}-0123456789abcdefgh/session`)).status);
      expect(statuses).toEqual([404, 404, 404, 429]);
      const limited = await fetch(`${local.url}/live/view/guess-x-0123456789abcdefgh/session`);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      local.server.closeAllConnections();
      await new Promise((resolve) => local.server.close(resolve));
    }
  });
});

/** The real app's error handling around a routes-only app (HttpError → its JSON status). */
function createAppLike(app: OpenAPIHono<AppEnv>): (request: Request) => Response | Promise<Response> {
  app.onError(handleError(context.logger!));
  return app.fetch;
}
