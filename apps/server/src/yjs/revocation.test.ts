// Revoked access ends on the sockets already open (issue #11 item 3): the real server on a real SQLite file, real
// WebSockets, and the changes made the way people make them, through the HTTP API.
import type { Segment } from '@verbatim/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestServer, type CookieLogin, type TestServer, type TestUser } from '../../test/testServer.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { DocumentStore } from './DocumentStore.ts';
import { YJS_CLOSE_CODES, YJS_CLOSE_REASONS } from './yjsCloseCodes.ts';
import { YjsTestClient } from '../../test/yjsTestClient.ts';
import { paragraph, until, words } from '../../test/yjsTestHelpers.ts';

const MODEL = { id: 'test-model', version: '1.0.0', sha256: 'ab'.repeat(32) };
const SEGMENTS: Segment[] = [{ speaker: 'Ada', start: 0, end: 1, words: [{ text: 'hello', start: 0, end: 1, confidence: 0.9 }] }];

let server: TestServer;
let owner: TestUser;
let ownerLogin: CookieLogin;
let wsBase: string;
const clients: YjsTestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  wsBase = server.url.replace(/^http/, 'ws');
  owner = await server.createUser('owner');
  ownerLogin = await server.login(owner.user.email, owner.password);
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await server?.close();
});

/** A project with `member` in `role` and the owner's own client in the room, which sees what gets through. */
async function setUp(name: string, role: 'editor' | 'reviewer' | 'viewer') {
  const member = await server.createUser(name);
  const projectId = server.projects.createProject(`${name}'s project`, owner.user.id).id;
  server.projects.addMember(projectId, member.user.id, role);
  const transcriptId = new TranscriptStore(server.db).create({ projectId, mediaId: 'm', model: MODEL, segments: SEGMENTS }).id;
  const watcher = await open(transcriptId, { token: owner.token });
  return { member, projectId, transcriptId, watcher };
}

async function open(transcriptId: string, credentials: { token: string } | { cookie: string }): Promise<YjsTestClient> {
  const url = `${wsBase}/yjs/${transcriptId}${'token' in credentials ? `?token=${credentials.token}` : ''}`;
  const client = await YjsTestClient.open(url, 'cookie' in credentials ? { headers: { cookie: credentials.cookie } } : {});
  clients.push(client);
  return client;
}

function asOwner(method: string, path: string, body?: unknown): Promise<Response> {
  return server.fetch(path, {
    method,
    headers: { cookie: ownerLogin.cookie, 'x-csrf-token': ownerLogin.csrfToken, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const storedWords = (transcriptId: string) => words(new DocumentStore(server.db).load(transcriptId));

describe('an open collaboration socket', () => {
  it('is downgraded in place when an editor becomes a viewer: its edits stop, what others write still arrives', async () => {
    const { member, projectId, transcriptId, watcher } = await setUp('demoted', 'editor');
    const socket = await open(transcriptId, { token: member.token });
    paragraph(socket.doc).insert(5, ' before', {});
    await until(watcher.doc, () => words(watcher.doc).includes('before'), 'the edit made as an editor');

    expect((await asOwner('PUT', `/api/projects/${projectId}/members/${member.user.id}`, { role: 'viewer' })).status).toBe(200);
    paragraph(socket.doc).insert(0, 'after ', {});
    // the owner's next edit, relayed through the same room: once the demoted client has it, the server has handled its edit
    paragraph(watcher.doc).insert(paragraph(watcher.doc).length, ' owner', {});
    await until(socket.doc, () => words(socket.doc).includes('owner'), 'the owner\'s edit to reach the viewer');
    await until(undefined, () => server.logs.some((log) => log.message === 'refused a document update the connection may not make'), 'the refusal');
    expect(words(watcher.doc)).not.toContain('after');
    expect(storedWords(transcriptId)).toEqual(['hello', 'before', 'owner']);
    expect(socket.isClosed).toBe(false);
  });

  it('is downgraded to review marks when an editor becomes a reviewer', async () => {
    const { member, projectId, transcriptId, watcher } = await setUp('reviewing', 'editor');
    const socket = await open(transcriptId, { token: member.token });
    expect((await asOwner('PUT', `/api/projects/${projectId}/members/${member.user.id}`, { role: 'reviewer' })).status).toBe(200);
    paragraph(socket.doc).insert(0, 'typed ', {});
    await until(undefined, () => server.logs.some((log) => log.fields['access'] === 'review'), 'the refusal as a reviewer');
    expect(words(watcher.doc)).toEqual(['hello']);
    expect(storedWords(transcriptId)).toEqual(['hello']);
  });

  it('tells the client its new access as soon as its role changes, down and back up, the socket staying open', async () => {
    const { member, projectId, transcriptId } = await setUp('told', 'editor');
    const socket = await open(transcriptId, { token: member.token });
    const setRole = (role: string) => asOwner('PUT', `/api/projects/${projectId}/members/${member.user.id}`, { role });
    expect((await setRole('reviewer')).status).toBe(200);
    await until(undefined, () => socket.accessChanges.length === 1, 'the access message');
    expect((await setRole('viewer')).status).toBe(200);
    expect((await setRole('viewer')).status).toBe(200);
    expect((await setRole('editor')).status).toBe(200);
    await until(undefined, () => socket.accessChanges.length === 3, 'the access messages');
    // an unchanged role says nothing
    expect(socket.accessChanges).toEqual(['review', 'read', 'write']);
    expect(socket.isClosed).toBe(false);
  });

  it('is closed with 4404 when its account is removed from the project, and receives nothing more', async () => {
    const { member, projectId, transcriptId, watcher } = await setUp('removed', 'editor');
    const socket = await open(transcriptId, { token: member.token });
    expect((await asOwner('DELETE', `/api/projects/${projectId}/members/${member.user.id}`)).status).toBe(204);
    // it had the transcript open, so it may learn why it lost it
    expect(await socket.closed).toEqual({ code: YJS_CLOSE_CODES.notFound, reason: YJS_CLOSE_REASONS.notAMember });
    paragraph(watcher.doc).insert(5, ' secret', {});
    await until(undefined, () => storedWords(transcriptId).includes('secret'), 'the owner\'s edit to be stored');
    expect(words(socket.doc)).not.toContain('secret');
  });

  it('is closed with 4401 when its session logs out', async () => {
    const { member, transcriptId } = await setUp('leaving', 'viewer');
    const login = await server.login(member.user.email, member.password);
    const socket = await open(transcriptId, { cookie: login.cookie });
    const logout = await server.fetch('/api/auth/logout', { method: 'POST', headers: { cookie: login.cookie, 'x-csrf-token': login.csrfToken } });
    expect(logout.status).toBe(204);
    expect((await socket.closed).code).toBe(YJS_CLOSE_CODES.unauthenticated);
  });

  it('is closed with 4401 when the account changes its password elsewhere (other sessions and every token end)', async () => {
    const { member, transcriptId } = await setUp('changing', 'editor');
    const laptop = await server.login(member.user.email, member.password);
    const phone = await server.login(member.user.email, member.password);
    const bySession = await open(transcriptId, { cookie: laptop.cookie });
    const byToken = await open(transcriptId, { token: member.token });
    const change = await server.fetch('/api/me/password', {
      method: 'POST',
      headers: { cookie: phone.cookie, 'x-csrf-token': phone.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: member.password, newPassword: 'Quartz lantern ferry 1987 orbit!' }),
    });
    expect(change.status).toBe(204);
    expect((await bySession.closed).code).toBe(YJS_CLOSE_CODES.unauthenticated);
    expect((await byToken.closed).code).toBe(YJS_CLOSE_CODES.unauthenticated);
  });

  it('is closed with 4401 when its API token is revoked, and its edits are no longer applied', async () => {
    const { member, transcriptId, watcher } = await setUp('revoked', 'editor');
    const login = await server.login(member.user.email, member.password);
    const created = await server.fetch('/api/tokens', {
      method: 'POST',
      headers: { cookie: login.cookie, 'x-csrf-token': login.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'script' }),
    });
    const { token, apiToken } = (await created.json()) as { token: string; apiToken: { id: string } };
    const socket = await open(transcriptId, { token });
    const revoked = await server.fetch(`/api/tokens/${apiToken.id}`, { method: 'DELETE', headers: { cookie: login.cookie, 'x-csrf-token': login.csrfToken } });
    expect(revoked.status).toBe(204);
    paragraph(socket.doc).insert(0, 'late ', {});
    expect((await socket.closed).code).toBe(YJS_CLOSE_CODES.unauthenticated);
    // another token of the same account keeps working
    expect((await server.fetch('/api/me', { headers: bearer(member.token) })).status).toBe(200);
    paragraph(watcher.doc).insert(5, ' later', {});
    await until(undefined, () => storedWords(transcriptId).includes('later'), 'the owner\'s edit to be stored');
    expect(storedWords(transcriptId)).not.toContain('late');
  });
});
