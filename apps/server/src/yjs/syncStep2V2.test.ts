// Sync step 2 replies as Yjs V2 updates (core's MESSAGE_SYNC_STEP2_V2) for clients that ask with ?sync=2, end to end:
// a real server on a real database, real WebSockets, y-websocket clients.
import type { Segment } from '@verbatim/core';
import { MESSAGE_SYNC_STEP2_V2, ROOM_SYNC_PARAM, ROOM_SYNC_V2 } from '@verbatim/core';
import { TRANSCRIPT_ROOT } from '@verbatim/core/document';
import * as decoding from 'lib0/decoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startTestServer, type TestServer, type TestUser } from '../../test/testServer.ts';
import { paragraph, ROOM_PARAMS, until, words } from '../../test/yjsTestHelpers.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { DocumentStore } from './DocumentStore.ts';
import { messageSync } from './yjsMessages.ts';

const MODEL = { id: 'test-model', version: '1.0.0', sha256: 'cd'.repeat(32) };
const SEGMENTS: Segment[] = [
  {
    speaker: 'Ada',
    start: 0,
    end: 2,
    words: [
      { text: 'the', start: 0, end: 0.2, confidence: 0.9 },
      { text: 'quick', start: 0.3, end: 0.7, confidence: 0.4 },
      { text: 'fox', start: 0.8, end: 1.2, confidence: 0.95 },
    ],
  },
];

/** A client and the sync replies it was sent: `v1` (y-websocket's step 2) and `v2` (the V2 message's update). */
interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  v1: number;
  v2: Uint8Array[];
}

describe('sync step 2 as a Yjs V2 update (?sync=2)', () => {
  let server: TestServer;
  let editor: TestUser;
  let transcriptId: string;
  let wsUrl: string;
  const providers: WebsocketProvider[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    wsUrl = server.url.replace(/^http/, 'ws');
    editor = await server.createUser('editor');
    const project = server.projects.createProject('Interviews', editor.user.id);
    transcriptId = new TranscriptStore(server.db).create({ projectId: project.id, mediaId: 'media-1', model: MODEL, segments: SEGMENTS }).id;
  });
  afterEach(() => {
    for (const provider of providers.splice(0)) provider.destroy();
  });
  afterAll(async () => {
    await server?.close();
  });

  // every client reads the V2 message (as the workbench does), so one that is sent it without asking would show it
  async function join(v2: boolean): Promise<Client> {
    const doc = new Y.Doc();
    const params = { token: editor.token, ...ROOM_PARAMS, ...(v2 ? { [ROOM_SYNC_PARAM]: ROOM_SYNC_V2 } : {}) };
    const provider = new WebsocketProvider(`${wsUrl}/yjs`, transcriptId, doc, { params, disableBc: true });
    providers.push(provider);
    const client: Client = { doc, provider, v1: 0, v2: [] };
    const readSync = provider.messageHandlers[messageSync]!;
    provider.messageHandlers[messageSync] = (encoder, decoder, from, emitSynced, type) => {
      if (decoding.peekVarUint(decoder) === syncProtocol.messageYjsSyncStep2) client.v1++;
      readSync(encoder, decoder, from, emitSynced, type);
    };
    // what the workbench's handler does (apps/web readSyncStep2V2)
    provider.messageHandlers[MESSAGE_SYNC_STEP2_V2] = (_encoder, decoder, from, emitSynced) => {
      const update = decoding.readVarUint8Array(decoder);
      client.v2.push(update);
      Y.applyUpdateV2(from.doc, update, from);
      if (emitSynced && !from.synced) from.synced = true;
    };
    await until(undefined, () => provider.synced, `a ${v2 ? 'V2' : 'V1'} client to sync`);
    return client;
  }

  const content = (doc: Y.Doc) => doc.get(TRANSCRIPT_ROOT, Y.XmlText).toString();

  it('sends the whole document as one V2 message to a client that asks, and V1 to one that does not', async () => {
    const a = await join(true);
    expect(a.v1).toBe(0);
    expect(a.v2).toHaveLength(1);
    // the V2 message is the document itself, not an empty reply followed by updates
    const stored = new DocumentStore(server.db).load(transcriptId);
    const sent = new Y.Doc();
    Y.applyUpdateV2(sent, a.v2[0]!);
    expect(Y.encodeStateVector(sent)).toEqual(Y.encodeStateVector(stored));
    expect(content(sent)).toBe(content(stored));
    expect(content(a.doc)).toBe(content(stored));
    expect(words(a.doc)).toEqual(['the', 'quick', 'fox']);

    const b = await join(false);
    expect(b.v2).toHaveLength(0);
    expect(b.v1).toBe(1);
    expect(content(b.doc)).toBe(content(a.doc));
  });

  it('sends a later client the document as it is now, not the V2 reply cached before an edit', async () => {
    const a = await join(true);
    const writer = await join(false);
    paragraph(writer.doc).insert(paragraph(writer.doc).length, ' jumps', {});
    await until(a.doc, () => words(a.doc).includes('jumps'), 'the V2 client to receive the edit');
    const late = await join(true);
    expect(late.v2).toHaveLength(1);
    expect(words(late.doc)).toEqual(words(writer.doc));
    expect(words(late.doc)).toContain('jumps');
    expect(late.v2[0]).not.toEqual(a.v2[0]);
  });

  it('converges after a reconnect with changes on both sides, the catch-up sent as V2', async () => {
    const a = await join(true);
    const other = await join(false);
    a.provider.disconnect();
    paragraph(a.doc).insert(0, 'offline ', {});
    paragraph(other.doc).insert(paragraph(other.doc).length, ' online', {});
    // the server has the online edit once a fresh client sees it
    const check = await join(false);
    await until(check.doc, () => words(check.doc).includes('online'), 'the server to hold the online edit');
    const before = a.v2.length;
    a.provider.connect();
    await until(a.doc, () => words(a.doc).includes('online'), 'the reconnected V2 client to catch up');
    await until(other.doc, () => words(other.doc).includes('offline'), 'the other client to receive the offline edit');
    expect(content(a.doc)).toBe(content(other.doc));
    expect(a.v1).toBe(0);
    expect(a.v2).toHaveLength(before + 1);
    // what it lacked, not the whole document again: it knew the document's first state
    const whole = Y.encodeStateAsUpdateV2(other.doc);
    expect(a.v2.at(-1)!.length).toBeLessThan(whole.length);
    await until(undefined, () => words(new DocumentStore(server.db).load(transcriptId)).includes('offline'), 'the offline edit to be stored');
  });
});
