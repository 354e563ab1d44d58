// The endpoint on a bare HTTP server (without the app), to reach what startServer does not expose: the ping
// interval and the loaded rooms.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Segment } from '@verbatim/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket as WsClient } from 'ws';
import { ApiTokenStore } from '../auth/ApiTokenStore.ts';
import { ProjectStore } from '../auth/ProjectStore.ts';
import { SessionStore } from '../auth/SessionStore.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { createYjsEndpoint, type YjsEndpoint } from './createYjsEndpoint.ts';
import { DocumentStore } from './DocumentStore.ts';
import { openTestDatabase, type TestDatabase } from './testDatabase.ts';

const SEGMENTS: Segment[] = [{ speaker: 'Ada', start: 0, end: 1, words: [{ text: 'hello', start: 0, end: 1, confidence: 0.9 }] }];

let t: TestDatabase;
let server: Server;
let endpoint: YjsEndpoint;
let url: string;
let transcriptId: string;
let token: string;

beforeEach(async () => {
  t = await openTestDatabase();
  const documents = new DocumentStore(t.db);
  const transcripts = new TranscriptStore(t.db, { documents });
  const tokens = new ApiTokenStore(t.db);
  token = tokens.create(t.ownerId, 'test').token;
  transcriptId = transcripts.create({ projectId: t.projectId, mediaId: 'm', model: { id: 'm', version: '1', sha256: '0'.repeat(64) }, segments: SEGMENTS }).id;
  endpoint = createYjsEndpoint({ documents, transcripts, tokens, sessions: new SessionStore(t.db), projects: new ProjectStore(t.db), pingIntervalMs: 50 });
  server = createServer((_request, response) => response.end());
  server.on('upgrade', (request, socket, head) => {
    if (!endpoint.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/yjs/${transcriptId}?token=${token}`;
});

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

  it('drops a connection that sends text instead of protocol messages', async () => {
    const socket = await open();
    const code = closed(socket);
    socket.send('hello');
    expect(await code).toBe(1007);
  });
});
