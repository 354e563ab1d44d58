// The collaboration endpoint end to end: a real server on a real SQLite file, real WebSockets, y-websocket clients.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Segment } from '@verbatim/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WsClient } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { testsUsePostgres } from '../../test/postgres/testDatabaseEngine.ts';
import { testPostgresDatabase } from '../../test/postgres/testPostgresDatabase.ts';
import { startTestServer, type TestServer, type TestUser } from '../../test/testServer.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { encodeReviewMark, encodeWordTiming, readTranscriptWords } from '@verbatim/core/document';
import { paragraph, ROOM_PARAMS, until, words } from '../../test/yjsTestHelpers.ts';
import { DocumentStore } from './DocumentStore.ts';

const MODEL = { id: 'test-model', version: '1.0.0', sha256: 'cd'.repeat(32) };
const SEGMENTS: Segment[] = [
  {
    speaker: 'Ada',
    start: 0,
    end: 2,
    words: [
      { text: 'the', start: 0, end: 0.2, confidence: 0.9 },
      { text: 'quik', start: 0.3, end: 0.7, confidence: 0.4 },
      { text: 'fox', start: 0.8, end: 1.2, confidence: 0.95 },
    ],
  },
];

/** Opens a raw WebSocket upgrade and reports the HTTP status it was refused with (101 when it opened, 0 when cut). */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WsClient(url, { headers });
    socket.on('open', () => {
      socket.close();
      resolve({ status: 101, body: '' });
    });
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.on('error', (error) => {
      if (/socket hang up|ECONNRESET/.test(error.message)) resolve({ status: 0, body: '' });
      else if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

describe('collaboration endpoint /yjs/:transcriptId', () => {
  let server: TestServer;
  let editor: TestUser;
  let editor2: TestUser;
  let viewer: TestUser;
  let reviewer: TestUser;
  let stranger: TestUser;
  let transcriptId: string;
  let wsUrl: string;
  const providers: WebsocketProvider[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    wsUrl = server.url.replace(/^http/, 'ws');
    const owner = await server.createUser('owner');
    editor = await server.createUser('editor');
    editor2 = await server.createUser('editor2');
    viewer = await server.createUser('viewer');
    reviewer = await server.createUser('reviewer');
    stranger = await server.createUser('stranger');
    const project = server.projects.createProject('Interviews', owner.user.id);
    server.projects.addMember(project.id, editor.user.id, 'editor');
    server.projects.addMember(project.id, editor2.user.id, 'editor');
    server.projects.addMember(project.id, viewer.user.id, 'viewer');
    server.projects.addMember(project.id, reviewer.user.id, 'reviewer');
    server.projects.createProject('Elsewhere', stranger.user.id);
    transcriptId = new TranscriptStore(server.db).create({ projectId: project.id, mediaId: 'media-1', model: MODEL, segments: SEGMENTS }).id;
  });
  afterEach(() => {
    for (const provider of providers.splice(0)) provider.destroy();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function join(user: TestUser): Promise<{ doc: Y.Doc; provider: WebsocketProvider }> {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${wsUrl}/yjs`, transcriptId, doc, { params: { token: user.token, ...ROOM_PARAMS }, disableBc: true });
    providers.push(provider);
    await until(undefined, () => provider.synced, `${user.user.displayName} to sync`);
    return { doc, provider };
  }

  it('lets two editors edit the same transcript and converge, and a late joiner gets the whole document', async () => {
    const a = await join(editor);
    const b = await join(editor2);
    expect(words(a.doc)).toEqual(['the', 'quik', 'fox']);
    // a corrects inside "quik" (offset 4..8) with the word's marks; b appends a word at the same time
    paragraph(a.doc).insert(7, 'c', { t: encodeWordTiming({ start: 0.3, end: 0.7, conf: 0.4, origin: 'human' }) });
    paragraph(b.doc).insert(paragraph(b.doc).length, ' jumps', {});
    const expected = ['the', 'quick', 'fox', 'jumps'];
    await until(a.doc, () => words(a.doc).join(' ') === expected.join(' '), 'a to converge');
    await until(b.doc, () => words(b.doc).join(' ') === expected.join(' '), 'b to converge');
    expect(readTranscriptWords(a.doc)[1]).toMatchObject({ text: 'quick', start: 0.3, end: 0.7, origin: 'human' });

    const late = await join(viewer);
    expect(words(late.doc)).toEqual(expected);
    // and what was acknowledged is in the database
    expect(words(new DocumentStore(server.db).load(transcriptId))).toEqual(expected);
  });

  it("refuses a viewer's edit: it reaches neither the other client nor the database", async () => {
    const a = await join(editor);
    const v = await join(viewer);
    const before = words(a.doc);
    paragraph(v.doc).insert(0, 'VANDAL ', {});
    // same socket, later message: once the editor sees the viewer's cursor, the server has handled the edit
    v.provider.awareness.setLocalStateField('user', { name: 'viewer' });
    await until(undefined, () => [...a.provider.awareness.getStates().values()].some((s) => s['user']?.name === 'viewer'), 'the viewer awareness');
    expect(words(a.doc)).toEqual(before);
    expect(words(new DocumentStore(server.db).load(transcriptId))).toEqual(before);
    expect(server.logs.some((log) => log.message === 'refused a document update the connection may not make')).toBe(true);
    // the viewer's connection stays usable: it keeps receiving the editors' changes
    paragraph(a.doc).insert(paragraph(a.doc).length, ' again', {});
    await until(v.doc, () => words(v.doc).includes('again'), 'the viewer to receive an edit');
  });

  it('lets a reviewer mark words reviewed but not change them', async () => {
    const a = await join(editor);
    const r = await join(reviewer);
    paragraph(r.doc).format(0, 3, { r: encodeReviewMark({ by: reviewer.user.id, at: 1 }) }); // "the"
    await until(a.doc, () => readTranscriptWords(a.doc)[0]?.reviewed === true, 'the review mark to arrive');
    const before = words(a.doc);
    paragraph(r.doc).insert(0, 'NOT ', {});
    r.provider.awareness.setLocalStateField('user', { name: 'reviewer' });
    await until(undefined, () => [...a.provider.awareness.getStates().values()].some((s) => s['user']?.name === 'reviewer'), 'the reviewer awareness');
    expect(words(a.doc)).toEqual(before);
    expect(readTranscriptWords(new DocumentStore(server.db).load(transcriptId))[0]).toMatchObject({ text: 'the', reviewed: true });
  });

  it("records a reviewer's review marks in their own name only", async () => {
    const a = await join(editor);
    const r = await join(reviewer);
    const at = Date.now();
    // earlier tests edited the text: find the words where they are now
    const text = (paragraph(r.doc).toDelta() as Array<{ insert: string }>).map((piece) => piece.insert).join('');
    const second = readTranscriptWords(r.doc)[1]!.text;
    // the second word, reviewed by the reviewer in their own name
    paragraph(r.doc).format(text.indexOf(second), second.length, { r: encodeReviewMark({ by: reviewer.user.id, at }) });
    await until(a.doc, () => readTranscriptWords(a.doc)[1]?.reviewedBy === reviewer.user.id, 'the signed review mark to arrive');
    expect(readTranscriptWords(new DocumentStore(server.db).load(transcriptId))[1]).toMatchObject({ reviewed: true, reviewedBy: reviewer.user.id, reviewedAt: at });
    // "fox" in the editor's name: dropped, like any change a reviewer may not make
    paragraph(r.doc).format(text.indexOf('fox'), 3, { r: encodeReviewMark({ by: editor.user.id, at }) });
    r.provider.awareness.setLocalStateField('user', { name: 'forger' });
    await until(undefined, () => [...a.provider.awareness.getStates().values()].some((s) => s['user']?.name === 'forger'), 'the forger awareness');
    expect(readTranscriptWords(a.doc)[2]).toMatchObject({ text: 'fox', reviewed: false });
    expect(readTranscriptWords(new DocumentStore(server.db).load(transcriptId))[2]!.reviewedBy).toBeUndefined();
  });

  it('removes a client\'s cursor from the others when it disconnects', async () => {
    const a = await join(editor);
    const b = await join(editor2);
    b.provider.awareness.setLocalStateField('user', { name: 'b' });
    const bId = b.doc.clientID;
    await until(undefined, () => a.provider.awareness.getStates().has(bId), 'b to appear');
    // the socket just closes: no "I left" awareness message as the provider sends on destroy
    b.provider.ws?.close();
    b.provider.shouldConnect = false;
    await until(undefined, () => !a.provider.awareness.getStates().has(bId), 'b to disappear');
  });

  it('refuses unauthenticated, stranger, unknown-transcript and cross-site upgrades', async () => {
    expect((await upgradeStatus(`${wsUrl}/yjs/${transcriptId}`)).status).toBe(401);
    expect((await upgradeStatus(`${wsUrl}/yjs/${transcriptId}?token=vbt_${'x'.repeat(43)}`)).status).toBe(401);
    expect((await upgradeStatus(`${wsUrl}/yjs/${transcriptId}?token=${stranger.token}`)).status).toBe(404);
    expect((await upgradeStatus(`${wsUrl}/yjs/00000000-0000-0000-0000-000000000000?token=${editor.token}`)).status).toBe(404);
    const refused = await upgradeStatus(`${wsUrl}/yjs/${transcriptId}`, { authorization: `Bearer ${stranger.token}` });
    expect(refused.status).toBe(404);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'transcript-not-found' } });
    expect((await upgradeStatus(`${wsUrl}/elsewhere?token=${editor.token}`)).status).toBe(0);

    const login = await server.login(editor.user.email, editor.password);
    const host = new URL(server.url).host;
    expect((await upgradeStatus(`${wsUrl}/yjs/${transcriptId}`, { cookie: login.cookie, origin: `http://${host}` })).status).toBe(101);
    expect((await upgradeStatus(`${wsUrl}/yjs/${transcriptId}`, { cookie: login.cookie, origin: 'https://evil.example' })).status).toBe(403);
  });
});

describe('collaboration endpoint across a restart', () => {
  it('keeps every acknowledged update after the server restarts on the same data directory', async () => {
    // a data directory of our own: each test server removes only its own temporary directory on close
    const dataDir = join(mkdtempSync(join(tmpdir(), 'vwb-yjs-restart-')), 'data');
    // on PostgreSQL (VERBATIM_TEST_DATABASE=postgres) the database is not in the data directory: both servers share one
    const database = testsUsePostgres() ? await testPostgresDatabase() : undefined;
    const first = await startTestServer({ dataDir, ...(database !== undefined && { database }) });
    const owner = await first.createUser('owner');
    const project = first.projects.createProject('Interviews', owner.user.id);
    const id = new TranscriptStore(first.db).create({ projectId: project.id, mediaId: 'm', model: MODEL, segments: SEGMENTS }).id;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${first.url.replace(/^http/, 'ws')}/yjs`, id, doc, { params: { token: owner.token, ...ROOM_PARAMS }, disableBc: true });
    await until(undefined, () => provider.synced, 'sync');
    for (let i = 0; i < 30; i++) paragraph(doc).insert(paragraph(doc).length, ` w${i}`, {});
    // a second client that sees the last edit proves the server stored and forwarded it
    const watcher = new Y.Doc();
    const watching = new WebsocketProvider(`${first.url.replace(/^http/, 'ws')}/yjs`, id, watcher, { params: { token: owner.token, ...ROOM_PARAMS }, disableBc: true });
    await until(watcher, () => words(watcher).at(-1) === 'w29', 'the watcher to see every edit');
    provider.destroy();
    watching.destroy();
    await first.close();

    const second = await startTestServer({ dataDir, ...(database !== undefined && { database }) });
    try {
      const reader = new Y.Doc();
      const reading = new WebsocketProvider(`${second.url.replace(/^http/, 'ws')}/yjs`, id, reader, { params: { token: owner.token, ...ROOM_PARAMS }, disableBc: true });
      await until(undefined, () => reading.synced, 'the reader to sync');
      expect(words(reader)).toEqual(['the', 'quik', 'fox', ...Array.from({ length: 30 }, (_, i) => `w${i}`)]);
      reading.destroy();
    } finally {
      await second.close();
      rmSync(dirname(dataDir), { recursive: true, force: true });
    }
    // two server starts: on PostgreSQL each applies or checks every migration
  }, 30_000);
});
