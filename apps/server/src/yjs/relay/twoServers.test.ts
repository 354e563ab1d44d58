// Two whole servers (startServer, as `verbatim-server` runs it) on one PostgreSQL database: the relay is wired in,
// and an editor on each converges with the other and sees the other's cursor.
import type { Segment } from '@verbatim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { testPostgresDatabase } from '../../../test/postgres/testPostgresDatabase.ts';
import { startTestServer, type TestServer } from '../../../test/testServer.ts';
import { paragraph, ROOM_PARAMS, until, words } from '../../../test/yjsTestHelpers.ts';
import { AccountStore } from '../../auth/AccountStore.ts';
import { ApiTokenStore } from '../../auth/ApiTokenStore.ts';
import { ProjectStore } from '../../auth/ProjectStore.ts';
import { PostgresDatabase } from '../../db/postgres/PostgresDatabase.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../DocumentStore.ts';

const SEGMENTS: Segment[] = [{ speaker: 'Ada', start: 0, end: 1, words: [{ text: 'hello', start: 0, end: 1, confidence: 0.9 }] }];

let servers: TestServer[] = [];
let db: PostgresDatabase;
let transcriptId: string;
let tokens: string[];

beforeAll(async () => {
  const url = await testPostgresDatabase();
  servers = [await startTestServer({ database: url, workers: 0 }), await startTestServer({ database: url, workers: 0 })];
  db = new PostgresDatabase(url);
  const accounts = new AccountStore(db, { hashParams: { logN: 10, r: 8, p: 1 } });
  const projects = new ProjectStore(db);
  const owner = await accounts.createUser({ email: 'owner@example.org', password: 'owner password 1', displayName: 'Owner', isAdmin: false });
  const projectId = projects.createProject('Interviews', owner.id).id;
  tokens = [];
  for (const name of ['ada', 'grace']) {
    const user = await accounts.createUser({ email: `${name}@example.org`, password: `${name} password 1`, displayName: name, isAdmin: false });
    projects.addMember(projectId, user.id, 'editor');
    tokens.push(new ApiTokenStore(db).create(user.id, 'test').token);
  }
  const documents = new DocumentStore(db);
  transcriptId = new TranscriptStore(db, { documents }).create({ projectId, mediaId: 'media-1', model: { id: 'm', version: '1', sha256: 'ab'.repeat(32) }, segments: SEGMENTS }).id;
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  db?.close();
});

describe('two servers on one PostgreSQL database', () => {
  it('serve one transcript as one document, with each other\'s presence', async () => {
    const clients = servers.map((server, i) => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/yjs`, transcriptId, doc, { params: { token: tokens[i]!, ...ROOM_PARAMS }, disableBc: true });
      return { doc, provider };
    });
    try {
      for (const { provider } of clients) await until(undefined, () => provider.synced, 'a client to sync');
      const [a, b] = [clients[0]!, clients[1]!];
      paragraph(a.doc).insert(paragraph(a.doc).length, ' from one', {});
      paragraph(b.doc).insert(0, 'two says ', {});
      a.provider.awareness.setLocalStateField('user', { name: 'ada' });
      for (const { doc } of clients) await until(doc, () => words(doc).join(' ') === 'two says hello from one', 'both edits on both servers');
      await until(undefined, () => b.provider.awareness.getStates().get(a.doc.clientID)?.['user']?.name === 'ada', "ada's cursor on the other server");
      expect(words(new DocumentStore(db).load(transcriptId))).toEqual(['two', 'says', 'hello', 'from', 'one']);
    } finally {
      for (const { provider } of clients) provider.destroy();
    }
  });
});
