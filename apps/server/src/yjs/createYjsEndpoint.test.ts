// The endpoint on a bare HTTP server (without the app), to reach what startServer does not expose: the ping
// interval, the loaded rooms, the limits, and changes the HTTP API cannot make (disabling an account, another process
// writing to the database).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import type { Segment } from '@verbatim/core';
import { TRANSCRIPT_SCHEMA_VERSION } from '@verbatim/core/document';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { WebSocket as WsClient } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { AccountStore } from '../auth/AccountStore.ts';
import { ApiTokenStore } from '../auth/ApiTokenStore.ts';
import { ProjectStore } from '../auth/ProjectStore.ts';
import { SessionStore } from '../auth/SessionStore.ts';
import { ContentRemover } from '../content/ContentRemover.ts';
import { MediaStore } from '../media/MediaStore.ts';
import { JobQueue } from '../queue/JobQueue.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { createYjsEndpoint, MAX_ROOM_MESSAGE_BYTES, type YjsEndpoint, type YjsEndpointOptions } from './createYjsEndpoint.ts';
import { DocumentStore } from './DocumentStore.ts';
import { openTestDatabase, type TestDatabase } from '../../test/testDatabase.ts';
import { YJS_CLOSE_CODES, YJS_CLOSE_REASONS } from './yjsCloseCodes.ts';
import { messageSync } from './yjsMessages.ts';
import { YjsTestClient } from '../../test/yjsTestClient.ts';
import { paragraph, until, words } from '../../test/yjsTestHelpers.ts';

const SEGMENTS: Segment[] = [{ speaker: 'Ada', start: 0, end: 1, words: [{ text: 'hello', start: 0, end: 1, confidence: 0.9 }] }];

let t: TestDatabase;
let server: Server;
let endpoint: YjsEndpoint;
let url: string;
let transcriptId: string;
let token: string;
let accounts: AccountStore;
let logs: Array<{ message: string; fields: Record<string, unknown> }>;

beforeEach(async () => {
  t = await openTestDatabase();
  const documents = new DocumentStore(t.db);
  const transcripts = new TranscriptStore(t.db, { documents });
  transcriptId = transcripts.create({ projectId: t.projectId, mediaId: 'm', model: { id: 'm', version: '1', sha256: '0'.repeat(64) }, segments: SEGMENTS }).id;
  await serve();
});

/** (Re)starts the endpoint on the test database with `options` over the defaults. */
async function serve(options: Partial<YjsEndpointOptions> = {}): Promise<void> {
  if (endpoint !== undefined && server?.listening) {
    endpoint.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
  const documents = new DocumentStore(t.db);
  const tokens = new ApiTokenStore(t.db);
  accounts = new AccountStore(t.db, { hashParams: { logN: 10, r: 8, p: 1 } });
  token = tokens.create(t.ownerId, 'test').token;
  logs = [];
  const logger = { info: () => {}, warn: (fields: Record<string, unknown>, message: string) => void logs.push({ fields, message }), error: () => {} };
  endpoint = createYjsEndpoint({
    documents,
    transcripts: new TranscriptStore(t.db, { documents }),
    tokens,
    accounts,
    sessions: new SessionStore(t.db),
    projects: new ProjectStore(t.db),
    pingIntervalMs: 50,
    logger,
    ...options,
  });
  server = createServer((_request, response) => response.end());
  server.on('upgrade', (request, socket, head) => {
    if (!endpoint.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/yjs/${transcriptId}?token=${token}&schema=${TRANSCRIPT_SCHEMA_VERSION}`;
}

afterEach(async () => {
  endpoint.destroy();
  await new Promise((resolve) => server.close(resolve));
  t.close();
});

function open(options: { autoPong?: boolean } = {}): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const socket = new WsClient(url, options);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

const closed = (socket: WsClient) => new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

describe('createYjsEndpoint', () => {
  it('loads a room on the first join and unloads it when the last client leaves', async () => {
    const a = await open();
    const b = await open();
    expect(endpoint.roomCount).toBe(1);
    a.close();
    await closed(a);
    expect(endpoint.roomCount).toBe(1);
    const gone = closed(b);
    b.close();
    await gone;
    // the server handles the close after the client sees it: wait for the room to go
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (endpoint.roomCount === 0) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    expect(endpoint.roomCount).toBe(0);
  });

  it('drops a socket that stops answering pings, and keeps one that answers', async () => {
    const silent = await open({ autoPong: false });
    const healthy = await open();
    await closed(silent);
    expect(healthy.readyState).toBe(WsClient.OPEN);
    healthy.close();
  });

  it('closes every connection on destroy', async () => {
    const socket = await open();
    const code = closed(socket);
    endpoint.destroy();
    expect(await code).toBe(1001);
    expect(endpoint.roomCount).toBe(0);
  });

  it('closes a deleted transcript\'s connections (4404) and unloads its room at once, leaving the other rooms', async () => {
    const queue = new JobQueue(t.db);
    const content = new ContentRemover({ db: t.db, media: new MediaStore(t.db, { dataDir: dirname(t.path) }), queue, projects: new ProjectStore(t.db) });
    await serve({ content });
    const other = new TranscriptStore(t.db).create({ projectId: t.projectId, mediaId: 'm', model: { id: 'm', version: '1', sha256: '0'.repeat(64) }, segments: SEGMENTS }).id;
    const [a, b] = [await YjsTestClient.open(url), await YjsTestClient.open(url)];
    const elsewhere = await YjsTestClient.open(url.replace(transcriptId, other));
    expect(endpoint.roomCount).toBe(2);

    content.removeTranscript(transcriptId);
    // unloaded before the sockets have even finished closing
    expect(endpoint.roomCount).toBe(1);
    expect(endpoint.liveDocument(transcriptId)).toBeUndefined();
    for (const client of [a, b]) expect(await client.closed).toEqual({ code: YJS_CLOSE_CODES.notFound, reason: YJS_CLOSE_REASONS.transcriptDeleted });
    expect(elsewhere.isClosed).toBe(false);
    expect(endpoint.liveDocument(other)).toBeDefined();
    for (const client of [a, b, elsewhere]) client.close();
    content.dispose();
    queue.dispose();
  });

  it('drops a connection that sends text instead of protocol messages', async () => {
    const socket = await open();
    const code = closed(socket);
    socket.send('hello');
    expect(await code).toBe(1007);
  });
});

function syncStep1(stateVector: Map<number, number>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(stateVector));
  return encoding.toUint8Array(encoder);
}

describe('createYjsEndpoint against what one connection may cost and who it still is', () => {
  it('closes a connection with 4429 past its message budget, or past its server time', async () => {
    await serve({ limits: { messages: { burst: 10, perSecond: 1 } } });
    const chatty = await YjsTestClient.open(url);
    for (let i = 0; i < 30; i++) chatty.sendAwareness(chatty.doc.clientID, i + 1, { i });
    expect((await chatty.closed).code).toBe(YJS_CLOSE_CODES.rateLimited);
    expect(logs.some((log) => log.fields['limit'] === 'messages')).toBe(true);
    chatty.close();

  });

  it("charges a connection for the server's CPU its messages take, not for time the server waits off the CPU", async () => {
    // every stored update holds the event loop 40 ms: computing (a costly message), or waiting (a slow disk, a
    // database, a machine so busy the server is preempted), which a wall clock cannot tell apart
    const HOLD_MS = 40;
    const computing = () => {
      const start = process.threadCpuUsage();
      for (let used = 0; used < HOLD_MS * 1000; ) {
        const now = process.threadCpuUsage(start);
        used = now.user + now.system;
      }
    };
    const waiting = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, HOLD_MS);
    const holding = (hold: () => void) => new (class extends DocumentStore {
      override append(docId: string, update: Uint8Array): number {
        hold();
        return super.append(docId, update);
      }
    })(t.db);
    // 10 typed words hold the server 400 ms, four times the budget
    const typeTen = async (hold: () => void) => {
      await serve({ documents: holding(hold), limits: { serverMs: { burst: 100, perSecond: 0 } } });
      const typist = await YjsTestClient.open(url);
      for (let i = 0; i < 10; i++) paragraph(typist.doc).insert(paragraph(typist.doc).length, ` held${i}`, {});
      const stored = () => words(new DocumentStore(t.db).load(transcriptId));
      await until(undefined, () => typist.isClosed || stored().includes('held9'), 'the ten words to be stored or the connection closed', 30_000);
      return typist;
    };

    const patient = await typeTen(waiting);
    expect(patient.isClosed).toBe(false);
    expect(logs.some((log) => log.fields['limit'] === 'serverMs')).toBe(false);
    patient.close();

    const costly = await typeTen(computing);
    expect((await costly.closed).code).toBe(YJS_CLOSE_CODES.rateLimited);
    expect(logs.some((log) => log.fields['limit'] === 'serverMs')).toBe(true);
    costly.close();
  });

  it('stops sending to a client that does not read instead of buffering the document for it again and again', async () => {
    // a document of about 300 KB
    const writer = await YjsTestClient.open(url);
    paragraph(writer.doc).insert(0, 'filler '.repeat(40_000), {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    writer.close();
    await serve({ limits: { syncRequests: { burst: 1000, perSecond: 1000 }, maxBufferedBytes: 1024 * 1024 } });
    const stalled = await YjsTestClient.open(url);
    const [client] = [...Y.decodeStateVector(Y.encodeStateVector(stalled.doc))].find(([, state]) => state > 1000)!;
    stalled.socket.pause();
    // each a different state vector ("I have the first i characters"), so each reply differs and is sent
    for (let i = 1; i <= 200; i++) stalled.send(syncStep1(new Map([[client, i]])));
    await until(undefined, () => logs.some((log) => log.fields['limit'] === 'maxBufferedBytes'), 'the backlog limit');
    stalled.socket.resume();
    await stalled.closed;
    // before: 200 copies, about 60 MB, were queued for it
    expect(stalled.received.bytes).toBeLessThan(20 * 1024 * 1024);
    stalled.close();
  });

  it('refuses an account that opens or holds too many connections with 429', async () => {
    await serve({ maxConnectionsPerAccount: 3, connectionsPerAccount: { burst: 5, perSecond: 0.001 } });
    const held = [await open(), await open(), await open()];
    const status = (target: string) =>
      new Promise<number>((resolve) => {
        const socket = new WsClient(target);
        socket.once('open', () => {
          socket.close();
          resolve(101);
        });
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.once('error', () => {});
      });
    expect(await status(url)).toBe(429);
    for (const socket of held) socket.close();
    await until(undefined, () => logs.length > 0, 'the refusal log');
    // two more may open (the burst of 5 less the 3), the next is over the rate
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await status(url)).toBe(101);
    expect(await status(url)).toBe(101);
    expect(await status(url)).toBe(429);
  });

  it('closes an account\'s connections with 4401 when the account is disabled', async () => {
    const socket = await YjsTestClient.open(url);
    accounts.setDisabled(t.ownerId, true);
    expect((await socket.closed).code).toBe(YJS_CLOSE_CODES.unauthenticated);
    socket.close();
  });

  it('notices within reauthorizeIntervalMs what another process changed: a token revoked on the same database file', async () => {
    await serve({ reauthorizeIntervalMs: 50 });
    const socket = await YjsTestClient.open(url);
    const elsewhere = t.reopen();
    // the socket's own token (the newest by created_at may be a tie with the one made before it, in the same millisecond)
    const tokenId = new ApiTokenStore(elsewhere).verify(token)!.apiToken.id;
    expect(new ApiTokenStore(elsewhere).revoke(tokenId)).toBe(true);
    expect((await socket.closed).code).toBe(YJS_CLOSE_CODES.unauthenticated);
    socket.close();
  });
});

describe('createYjsEndpoint compression (permessage-deflate)', () => {
  const wireBytesWritten = (client: YjsTestClient) => (client.socket as unknown as { _socket: { bytesWritten: number } })._socket.bytesWritten;

  it('compresses the document it sends when the client offers it', async () => {
    const writer = await YjsTestClient.open(url);
    paragraph(writer.doc).insert(0, 'filler '.repeat(20_000), {});
    await until(undefined, () => new DocumentStore(t.db).byteLength(transcriptId) > 100_000, 'the filler to be stored');
    const reader = await YjsTestClient.open(url);
    expect(reader.socket.extensions).toContain('permessage-deflate');
    expect(reader.received.bytes).toBeGreaterThan(100_000);
    expect(reader.wireBytesRead).toBeLessThan(reader.received.bytes / 10);
    writer.close();
    reader.close();
  });

  it('refuses a compressed bomb: maxPayload counts the inflated bytes (1009), however small it is on the wire', async () => {
    // pongs queue behind the frames being inflated: the tests' 50 ms ping would cut the socket before it closes
    await serve({ pingIntervalMs: 60_000 });
    const client = await YjsTestClient.open(url);
    const sent = wireBytesWritten(client);
    // 17 MiB of zeros (a sync step 1 with an endless state vector, were it read) deflates to about 17 KB
    client.socket.send(new Uint8Array(MAX_ROOM_MESSAGE_BYTES + 1024 * 1024), { compress: true, binary: true });
    expect((await client.closed).code).toBe(1009);
    expect(wireBytesWritten(client) - sent).toBeLessThan(100_000);
    client.close();
  });

  it('spends the connection\'s byte budget on inflated bytes', async () => {
    await serve({ limits: { bytes: { burst: 256 * 1024, perSecond: 1 } } });
    const client = await YjsTestClient.open(url);
    const sent = wireBytesWritten(client);
    client.socket.send(new Uint8Array(512 * 1024), { compress: true, binary: true });
    expect((await client.closed).code).toBe(YJS_CLOSE_CODES.rateLimited);
    expect(logs.some((log) => log.fields['limit'] === 'bytes')).toBe(true);
    expect(wireBytesWritten(client) - sent).toBeLessThan(10_000);
    client.close();
  });
});
