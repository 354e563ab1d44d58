// A crash never loses an acknowledged edit: two y-websocket clients edit one transcript on the real server process,
// which is killed with SIGKILL while they type; started again on the same data directory, it serves every edit it
// had acknowledged.
//
// Acknowledged means: the other client received it. The y-websocket protocol has no per-update ack and the server
// never echoes an update to its sender, but YjsRoom appends every update to SQLite (committed, WAL) before it
// forwards it, and the clients share nothing but the server (BroadcastChannel is off). So a word of client A that
// client B has is a word the database held, whatever happens to the process afterwards; words that B never saw
// may or may not survive, and the test says nothing about them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Segment } from '@verbatim/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { ApiTokenStore } from '../auth/ApiTokenStore.ts';
import { AccountStore } from '../auth/AccountStore.ts';
import { ProjectStore } from '../auth/ProjectStore.ts';
import { DATABASE_FILE } from '../http/createServerContext.ts';
import { writeTestBundle } from '../../test/testServer.ts';
import { openDatabase } from '../db/openDatabase.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { paragraph, ROOM_PARAMS, until, words } from '../../test/yjsTestHelpers.ts';
import { startServerChild, type ServerChild } from './serverProcess.ts';

const MODEL = { id: 'test-model', version: '1.0.0', sha256: 'ef'.repeat(32) };
const SEGMENTS: Segment[] = [
  {
    speaker: 'Ada',
    start: 0,
    end: 1.2,
    words: [
      { text: 'the', start: 0, end: 0.2, confidence: 0.9 },
      { text: 'quick', start: 0.3, end: 0.7, confidence: 0.8 },
      { text: 'fox', start: 0.8, end: 1.2, confidence: 0.95 },
    ],
  },
];
/** Edits each client has seen acknowledged before the kill. */
const ACKED_BEFORE_KILL = 40;

let dir: string;
const children: ServerChild[] = [];
const providers: WebsocketProvider[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-edit-crash-'));
  // no job runs here: the bundle only has to satisfy the start-up check
  writeTestBundle(join(dir, 'model'));
});

afterAll(async () => {
  for (const provider of providers) provider.destroy();
  for (const { child, exited } of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  }
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<ServerChild> {
  const server = await startServerChild(['--port', '0', '--data-dir', join(dir, 'data'), '--model-dir', join(dir, 'model'), '--workers', '1']);
  children.push(server);
  return server;
}

function connect(server: ServerChild, transcriptId: string, token: string): { doc: Y.Doc; provider: WebsocketProvider } {
  const doc = new Y.Doc();
  // Node's global WebSocket; no BroadcastChannel, so the server is the only path between clients
  const provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/yjs`, transcriptId, doc, { params: { token, ...ROOM_PARAMS }, disableBc: true });
  providers.push(provider);
  return { doc, provider };
}

it('keeps every acknowledged edit of two concurrent editors after a kill -9 mid-edit', async () => {
  const first = await start();

  // accounts, project and transcript written straight into the server's database, as another process would
  const db = openDatabase(join(dir, 'data', DATABASE_FILE));
  let tokens: { ada: string; bo: string; reader: string };
  let transcriptId: string;
  try {
    const accounts = new AccountStore(db, { hashParams: { logN: 10, r: 8, p: 1 } });
    const apiTokens = new ApiTokenStore(db);
    const make = async (name: string) => {
      const user = await accounts.createUser({ email: `${name}@example.org`, password: `${name} password 1`, displayName: name, isAdmin: false });
      return { user, token: apiTokens.create(user.id, 'edit crash').token };
    };
    const ada = await make('ada');
    const bo = await make('bo');
    const reader = await make('reader');
    const projects = new ProjectStore(db);
    const project = projects.createProject('Crash', ada.user.id);
    projects.addMember(project.id, bo.user.id, 'editor');
    projects.addMember(project.id, reader.user.id, 'viewer');
    transcriptId = new TranscriptStore(db).create({ projectId: project.id, mediaId: 'media-1', model: MODEL, segments: SEGMENTS }).id;
    tokens = { ada: ada.token, bo: bo.token, reader: reader.token };
  } finally {
    db.close();
  }

  const a = connect(first, transcriptId, tokens.ada);
  const b = connect(first, transcriptId, tokens.bo);
  await until(undefined, () => a.provider.synced && b.provider.synced, 'both clients to sync');
  expect(words(a.doc)).toEqual(['the', 'quick', 'fox']);

  // what each client has of the other's words is what the server acknowledged
  const acked = { a: new Set<string>(), b: new Set<string>() };
  const watch = (doc: Y.Doc, prefix: 'a' | 'b') => {
    doc.on('update', () => {
      for (const word of words(doc)) if (word.startsWith(prefix)) acked[prefix].add(word);
    });
  };
  watch(b.doc, 'a');
  watch(a.doc, 'b');

  // both type concurrently, one word per transaction, each at the end of the paragraph, until the server dies
  let typed = 0;
  const typing = setInterval(() => {
    paragraph(a.doc).insert(paragraph(a.doc).length, ` a${typed}`, {});
    paragraph(b.doc).insert(paragraph(b.doc).length, ` b${typed}`, {});
    typed += 1;
  }, 5);
  try {
    await until(undefined, () => acked.a.size >= ACKED_BEFORE_KILL && acked.b.size >= ACKED_BEFORE_KILL, 'edits to be acknowledged', 20_000);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
  } finally {
    clearInterval(typing);
  }
  // messages already in flight were sent, so stored, before the kill; the providers must not reach the next server
  a.provider.destroy();
  b.provider.destroy();
  expect(typed).toBeGreaterThan(ACKED_BEFORE_KILL);

  const second = await start();
  const fresh = connect(second, transcriptId, tokens.reader);
  await until(undefined, () => fresh.provider.synced, 'the fresh client to sync');
  const after = words(fresh.doc);
  const present = new Set(after);
  expect([...acked.a].filter((word) => !present.has(word))).toEqual([]);
  expect([...acked.b].filter((word) => !present.has(word))).toEqual([]);
  expect(after.slice(0, 3)).toEqual(['the', 'quick', 'fox']);
  // each client's words stay in the order it typed them, whatever survived
  for (const prefix of ['a', 'b']) {
    const numbers = after.filter((word) => word.startsWith(prefix)).map((word) => Number(word.slice(1)));
    expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
  }
  fresh.provider.destroy();
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
}, 40_000);
