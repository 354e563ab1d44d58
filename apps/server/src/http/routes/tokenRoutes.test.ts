import type { Segment } from '@verbatim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import { paragraph, ROOM_PARAMS, until, words } from '../../../test/yjsTestHelpers.ts';
import { bearer, errorOf, startTestServer, type CookieLogin, type TestServer, type TestUser } from '../../../test/testServer.ts';

let server: TestServer;
let ada: TestUser;
let bob: TestUser;
let adaLogin: CookieLogin;

beforeAll(async () => {
  server = await startTestServer();
  ada = await server.createUser('ada');
  bob = await server.createUser('bob');
  adaLogin = await server.login(ada.user.email, ada.password);
});

afterAll(() => server.close());

function createToken(name: unknown, options: Record<string, unknown> = {}, login = adaLogin): Promise<Response> {
  return server.fetch('/api/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: login.cookie, 'x-csrf-token': login.csrfToken },
    body: JSON.stringify({ name, ...options }),
  });
}

async function tokenWith(options: Record<string, unknown>, login = adaLogin): Promise<{ token: string; apiToken: { id: string; scope: string; expiresAt: number | null } }> {
  const response = await createToken('scoped', options, login);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { token: string; apiToken: { id: string; scope: string; expiresAt: number | null } };
}

describe('API tokens over HTTP', () => {
  it('creates a token shown once, which then authenticates as its account without CSRF', async () => {
    const response = await createToken('laptop CLI');
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { token, apiToken } = (await response.json()) as { token: string; apiToken: { id: string; name: string } };
    expect(token).toMatch(/^vbt_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: 'laptop CLI', lastUsedAt: null, revokedAt: null, scope: 'write', expiresAt: null });

    const listed = await (await server.fetch('/api/tokens', { headers: { cookie: adaLogin.cookie } })).text();
    expect(listed).toContain(apiToken.id);
    expect(listed).not.toContain(token);

    const me = await server.fetch('/api/me', { headers: bearer(token) });
    expect(await me.json()).toMatchObject({ user: { id: ada.user.id }, authenticatedWith: 'api-token', csrfToken: null });
    const write = await server.fetch('/api/projects', { method: 'POST', headers: bearer(token), body: JSON.stringify({ name: 'From a script' }) });
    expect(write.status).toBe(201);
  });

  it('revokes a token: it stops working, and revoking again is a 404', async () => {
    const { token, apiToken } = (await (await createToken('short-lived')).json()) as { token: string; apiToken: { id: string } };
    expect((await server.fetch('/api/me', { headers: bearer(token) })).status).toBe(200);

    const revoke = () => server.fetch(`/api/tokens/${apiToken.id}`, { method: 'DELETE', headers: bearer(ada.token) });
    expect((await revoke()).status).toBe(204);
    const refused = await server.fetch('/api/me', { headers: bearer(token) });
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await errorOf(refused)).toMatchObject({ status: 401, code: 'invalid-token' });
    expect(await errorOf(await revoke())).toMatchObject({ status: 404, code: 'token-not-found' });

    const listed = (await (await server.fetch('/api/tokens', { headers: bearer(ada.token) })).json()) as { tokens: Array<{ id: string; revokedAt: number | null }> };
    expect(listed.tokens.find((t) => t.id === apiToken.id)?.revokedAt).toEqual(expect.any(Number));
  });

  it("cannot see or revoke another account's token", async () => {
    const bobsTokenId = server.tokens.list(bob.user.id)[0]!.id;
    const listed = await (await server.fetch('/api/tokens', { headers: bearer(ada.token) })).text();
    expect(listed).not.toContain(bobsTokenId);
    const response = await server.fetch(`/api/tokens/${bobsTokenId}`, { method: 'DELETE', headers: bearer(ada.token) });
    expect(await errorOf(response)).toMatchObject({ status: 404, code: 'token-not-found' });
    expect((await server.fetch('/api/me', { headers: bearer(bob.token) })).status).toBe(200);
  });

  it('needs the CSRF token when created from a cookie session', async () => {
    const response = await server.fetch('/api/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: adaLogin.cookie },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(await errorOf(response)).toMatchObject({ status: 403, code: 'csrf-token-missing' });
  });

  it('refuses bad names and anonymous callers precisely', async () => {
    expect(await errorOf(await createToken('  '))).toMatchObject({ status: 422, code: 'invalid-token-name', message: 'A token name is required.' });
    expect(await errorOf(await createToken(42))).toMatchObject({ status: 422, code: 'invalid-body' });
    expect(await errorOf(await server.fetch('/api/tokens'))).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('refuses malformed Authorization headers instead of treating them as anonymous', async () => {
    for (const authorization of ['Basic YWRhOnB3', 'Bearer', `Bearer ${ada.token} extra`]) {
      const response = await server.fetch('/api/me', { headers: { authorization } });
      expect(await errorOf(response)).toMatchObject({ status: 401, code: 'invalid-authorization' });
    }
    for (const authorization of ['Bearer vbt_short', `Bearer vbt_${'A'.repeat(43)}`, `Bearer ${'x'.repeat(5000)}`]) {
      const response = await server.fetch('/api/me', { headers: { authorization } });
      expect(await errorOf(response)).toMatchObject({ status: 401, code: 'invalid-token' });
    }
  });

  it('stops a token of a disabled account', async () => {
    const carol = await server.createUser('carol');
    expect((await server.fetch('/api/me', { headers: bearer(carol.token) })).status).toBe(200);
    server.accounts.setDisabled(carol.user.id, true);
    expect(await errorOf(await server.fetch('/api/me', { headers: bearer(carol.token) }))).toMatchObject({ status: 401, code: 'invalid-token' });
  });
});

describe('what a token may do, for how long, and what ends it', () => {
  it('cannot mint tokens, so none outlives the revocation of the one it came from', async () => {
    const { token, apiToken } = await tokenWith({});
    const minted = await server.fetch('/api/tokens', { method: 'POST', headers: bearer(token), body: JSON.stringify({ name: 'child' }) });
    expect(await errorOf(minted)).toMatchObject({ status: 403, code: 'session-required' });
    expect(server.tokens.list(ada.user.id).some((t) => t.name === 'child')).toBe(false);
    expect((await server.fetch(`/api/tokens/${apiToken.id}`, { method: 'DELETE', headers: bearer(token) })).status).toBe(204);
    expect((await server.fetch('/api/me', { headers: bearer(token) })).status).toBe(401);
  });

  it('holds a read token to reads, and a transcribe token to reads, uploads and jobs', async () => {
    const project = server.projects.createProject('Scoped', ada.user.id);
    const read = (await tokenWith({ scope: 'read' })).token;
    const transcribe = (await tokenWith({ scope: 'transcribe' })).token;
    const write = (await tokenWith({ scope: 'write' })).token;
    const call = (token: string, method: string, path: string, body?: unknown) =>
      server.fetch(path, { method, headers: bearer(token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    for (const token of [read, transcribe, write]) {
      expect((await call(token, 'GET', '/api/projects')).status).toBe(200);
      expect((await call(token, 'GET', `/api/projects/${project.id}/members`)).status).toBe(200);
    }
    const writes: Array<[string, string, unknown?]> = [
      ['POST', '/api/projects', { name: 'More' }],
      ['PATCH', `/api/projects/${project.id}`, { name: 'Renamed' }],
      ['PUT', `/api/projects/${project.id}/members/${bob.user.id}`, { role: 'viewer' }],
      ['PUT', `/api/projects/${project.id}/vocabulary`, { entries: [] }],
      ['DELETE', `/api/tokens/${crypto.randomUUID()}`],
      ['POST', '/api/me/password', { currentPassword: ada.password, newPassword: 'a takeover passphrase 9' }],
    ];
    for (const token of [read, transcribe]) {
      for (const [method, path, body] of writes) {
        expect(await errorOf(await call(token, method, path, body)), `${method} ${path}`).toMatchObject({ status: 403, code: 'insufficient-scope' });
      }
    }
    expect(await errorOf(await call(read, 'POST', `/api/projects/${project.id}/jobs`, {}))).toMatchObject({ status: 403, code: 'insufficient-scope' });
    expect(await errorOf(await call(read, 'POST', `/api/projects/${project.id}/media`))).toMatchObject({ status: 403, code: 'insufficient-scope' });
    // past the scope, the routes answer for themselves
    expect((await errorOf(await call(transcribe, 'POST', `/api/projects/${project.id}/jobs`, {}))).code).not.toBe('insufficient-scope');
    expect((await errorOf(await call(transcribe, 'POST', `/api/jobs/${crypto.randomUUID()}/cancel`))).code).not.toBe('insufficient-scope');
    expect((await call(write, 'PATCH', `/api/projects/${project.id}`, { name: 'Renamed' })).status).toBe(200);
    expect(server.projects.getProject(project.id)?.name).toBe('Renamed');
  });

  it('opens transcripts read-only for a token narrower than write', async () => {
    const project = server.projects.createProject('Collaboration', ada.user.id);
    const segments: Segment[] = [{ speaker: 'Ada', start: 0, end: 1, words: [{ text: 'hello', start: 0, end: 1, confidence: 0.9 }] }];
    const transcriptId = new TranscriptStore(server.db).create({ projectId: project.id, mediaId: 'm', model: { id: 'm', version: '1', sha256: '0'.repeat(64) }, segments }).id;
    const stored = () => words(new DocumentStore(server.db).load(transcriptId));
    const refused = () => server.logs.filter((log) => log.message === 'refused a document update the connection may not make').length;
    const edit = async (token: string, text: string, done: () => boolean) => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/yjs`, transcriptId, doc, { params: { token, ...ROOM_PARAMS }, disableBc: true });
      try {
        await until(undefined, () => provider.synced, 'the client to sync');
        paragraph(doc).insert(0, `${text} `, {});
        await until(undefined, done, 'the server to take or refuse the edit');
      } finally {
        provider.destroy();
      }
    };
    const refusedBefore = refused();
    await edit((await tokenWith({ scope: 'read' })).token, 'VANDAL', () => refused() > refusedBefore);
    expect(stored()).toEqual(['hello']);
    await edit((await tokenWith({ scope: 'write' })).token, 'well', () => stored().includes('well'));
    expect(stored()).toEqual(['well', 'hello']);
  });

  it('expires a token when asked to, within a bounded lifetime', async () => {
    const before = Date.now();
    const { apiToken } = await tokenWith({ expiresInDays: 30 });
    expect(apiToken.expiresAt).toBeGreaterThanOrEqual(before + 30 * 86_400_000);
    expect(apiToken.expiresAt).toBeLessThanOrEqual(Date.now() + 30 * 86_400_000);
    const soon = server.tokens.create(ada.user.id, 'soon', { expiresAt: Date.now() + 300 }).token;
    expect((await server.fetch('/api/me', { headers: bearer(soon) })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await errorOf(await server.fetch('/api/me', { headers: bearer(soon) }))).toMatchObject({ status: 401, code: 'invalid-token', message: expect.stringContaining('expired') });
    expect(server.tokens.get(server.tokens.list(ada.user.id).find((t) => t.name === 'soon')!.id)?.revokedAt).toBeNull();

    expect(await errorOf(await createToken('x', { expiresInDays: 366 }))).toMatchObject({ status: 422, code: 'invalid-body' });
    expect(await errorOf(await createToken('x', { expiresInDays: 0 }))).toMatchObject({ status: 422, code: 'invalid-body' });
    expect(await errorOf(await createToken('x', { expiresAt: Date.now() - 1000 }))).toMatchObject({ status: 422, code: 'invalid-token-expiry' });
    expect(await errorOf(await createToken('x', { expiresAt: Date.now() + 400 * 86_400_000 }))).toMatchObject({ status: 422, code: 'invalid-token-expiry' });
    expect(await errorOf(await createToken('x', { expiresAt: Date.now() + 60_000, expiresInDays: 1 }))).toMatchObject({ status: 422, code: 'invalid-body' });
    expect(await errorOf(await createToken('x', { scope: 'admin' }))).toMatchObject({ status: 422, code: 'invalid-body' });
  });

  it("dies with the account's password: a change ends every token and every other session", async () => {
    const dan = await server.createUser('dan');
    const here = await server.login(dan.user.email, dan.password);
    const elsewhere = await server.login(dan.user.email, dan.password);
    const tokens = [dan.token, (await tokenWith({ scope: 'read' }, here)).token, (await tokenWith({ expiresInDays: 7 }, here)).token];
    for (const token of tokens) expect((await server.fetch('/api/me', { headers: bearer(token) })).status).toBe(200);

    const change = await server.fetch('/api/me/password', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: here.cookie, 'x-csrf-token': here.csrfToken },
      body: JSON.stringify({ currentPassword: dan.password, newPassword: 'dan has a new passphrase' }),
    });
    expect(change.status).toBe(204);
    for (const token of tokens) expect(await errorOf(await server.fetch('/api/me', { headers: bearer(token) }))).toMatchObject({ status: 401, code: 'invalid-token' });
    expect(server.tokens.list(dan.user.id).every((t) => t.revokedAt !== null)).toBe(true);
    expect((await server.fetch('/api/me', { headers: { cookie: elsewhere.cookie } })).status).toBe(401);
    expect((await server.fetch('/api/me', { headers: { cookie: here.cookie } })).status).toBe(200);
    // the session that changed it makes new ones
    expect((await createToken('after', {}, here)).status).toBe(201);
  });
});
