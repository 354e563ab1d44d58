// The uplink against a real WebSocket server in this process that speaks the live protocol's server side (start →
// ready, frames placed at offsetSamples with the overlap dropped, acks, end → drained) and cuts the first connection
// at a known frame: what the server ends up with must be exactly the audio pushed, once, in order.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIVE_CLOSE_CODES, type LiveServerMessage } from '@verbatim/core/api';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { LiveUplink, LiveUplinkError } from './LiveUplink.ts';

interface TestServer {
  url: string;
  /** The most audio a connection had sent ahead of the time since its start, in seconds. */
  maxAheadSeconds: number;
  /** The most audio a connection had sent ahead of twice the time since its start (a catch-up at 2× real time), in seconds. */
  maxAheadOfDoubleSeconds: number;
  received: number[];
  connections: number;
  starts: number[];
  close(): Promise<void>;
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** `onFrame` may cut the connection: it gets the socket, the connection's number and its frame count. */
async function startServer(onFrame: (socket: WebSocket, connection: number, frames: number) => void = () => {}, refuse?: number): Promise<TestServer> {
  const http: Server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  const state: TestServer = { url: '', maxAheadSeconds: 0, maxAheadOfDoubleSeconds: 0, received: [], connections: 0, starts: [], close: async () => {} };
  http.on('upgrade', (request, socket, head) => {
    if (refuse !== undefined) {
      socket.end(`HTTP/1.1 ${refuse} Refused\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n${JSON.stringify({ error: { code: 'insufficient-role', message: 'viewers cannot send audio' } })}`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = ++state.connections;
      let position: number | undefined;
      let frames = 0;
      let startedAt = 0;
      let fresh = 0;
      const send = (message: LiveServerMessage) => ws.send(JSON.stringify(message));
      ws.on('message', (data, isBinary) => {
        if (!isBinary) {
          const message = JSON.parse(data.toString()) as { type: string; offsetSamples?: number };
          if (message.type === 'start') {
            state.starts.push(message.offsetSamples!);
            position = message.offsetSamples!;
            startedAt = performance.now();
            send({ type: 'ready', sessionId: 's', sampleRate: 16000, receivedSamples: state.received.length, recentFinals: [] });
          } else if (message.type === 'end') send({ type: 'drained', finals: 3 });
          return;
        }
        const bytes = data as Buffer;
        for (let i = 0; i < bytes.length; i += 2) {
          // the overlap a reconnect resends is dropped
          if (position! === state.received.length) {
            state.received.push(bytes.readInt16LE(i));
            fresh += 1;
          }
          position! += 1;
        }
        const elapsed = (performance.now() - startedAt) / 1000;
        state.maxAheadSeconds = Math.max(state.maxAheadSeconds, fresh / 16000 - elapsed);
        state.maxAheadOfDoubleSeconds = Math.max(state.maxAheadOfDoubleSeconds, fresh / 16000 - 2 * elapsed);
        frames += 1;
        if (frames % 3 === 0) send({ type: 'ack', receivedSamples: state.received.length, decodedSamples: 0 });
        onFrame(ws, connection, frames);
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  state.url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/live/s/audio`;
  state.close = async () => {
    for (const client of wss.clients) client.terminate();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  };
  return state;
}

const blocks = (count: number, size: number) => Array.from({ length: count }, (_, b) => Int16Array.from({ length: size }, (_, i) => b * size + i));

describe('LiveUplink', () => {
  it('resumes after a dropped connection from what the server confirmed: the server gets every sample once, in order', async () => {
    server = await startServer((socket, connection, frames) => {
      if (connection === 1 && frames === 8) socket.terminate();
    });
    const notices: string[] = [];
    const uplink = new LiveUplink({ url: server.url, sampleRate: 16000, reconnectDelaysMs: [10], onNotice: (n) => notices.push(n.code) });
    await uplink.ready;
    for (const block of blocks(20, 160)) uplink.push(block);
    const finals = await Promise.race([uplink.end(), uplink.failed]);
    uplink.close();
    expect(finals).toBe(3);
    expect(server.connections).toBe(2);
    // the second start is at most what the server had (the frames acked before the cut), never past it
    expect(server.starts[0]).toBe(0);
    expect(server.starts[1]).toBeGreaterThan(0);
    expect(server.starts[1]).toBeLessThanOrEqual(8 * 160);
    expect(notices).toContain('reconnecting');
    expect(server.received).toEqual(Array.from({ length: 20 * 160 }, (_, i) => i));
    expect(uplink.receivedSamples).toBeGreaterThan(0);
    expect(uplink.latencyMs).toBeGreaterThanOrEqual(0);
    // a resent sample's send time is its last sending's
    expect(uplink.sentTimeOf(0)).toBeGreaterThan(0);
    expect(uplink.sentTimeOf(20 * 160 - 1)).toBeGreaterThanOrEqual(uplink.sentTimeOf(0)!);
    expect(uplink.sentTimeOf(20 * 160)).toBeUndefined();
  });

  it('catches up on a backlog at twice real time after burstSeconds, never faster', async () => {
    server = await startServer((socket, connection, frames) => {
      if (connection === 1 && frames === 2) socket.terminate();
    });
    const uplink = new LiveUplink({ url: server.url, sampleRate: 16000, reconnectDelaysMs: [10], burstSeconds: 0.05 });
    await uplink.ready;
    // 0.4 s of audio at once (what an outage left): 0.05 s may go at once, the rest at twice the clock's pace
    for (const block of blocks(40, 160)) uplink.push(block);
    expect(await Promise.race([uplink.end(), uplink.failed])).toBe(3);
    uplink.close();
    expect(server.connections).toBe(2);
    expect(server.received).toEqual(Array.from({ length: 40 * 160 }, (_, i) => i));
    // faster than real time (it catches up), and never beyond the burst of a 2× catch-up
    expect(server.maxAheadSeconds).toBeGreaterThan(0.08);
    expect(server.maxAheadOfDoubleSeconds).toBeLessThanOrEqual(0.05);
  });

  it('stops for good on a close code that reconnecting cannot help (another source is connected)', async () => {
    server = await startServer((socket) => socket.close(LIVE_CLOSE_CODES.sourceConnected, 'Another audio source is connected to this session.'));
    const uplink = new LiveUplink({ url: server.url, sampleRate: 16000, reconnectDelaysMs: [10] });
    await uplink.ready;
    uplink.push(new Int16Array(160));
    const error = await uplink.failed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveUplinkError);
    expect((error as LiveUplinkError).code).toBe(LIVE_CLOSE_CODES.sourceConnected);
    expect((error as Error).message).toContain('Another audio source is connected');
    expect(server.connections).toBe(1);
  });

  it('says why the server refused the upgrade (403) and does not retry', async () => {
    server = await startServer(undefined, 403);
    const uplink = new LiveUplink({ url: server.url, sampleRate: 16000, reconnectDelaysMs: [10] });
    const error = await uplink.ready.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveUplinkError);
    expect((error as LiveUplinkError).code).toBe(403);
    expect((error as Error).message).toContain('viewers cannot send audio');
  });

  it('gives up when no connection is ready for giveUpAfterMs', async () => {
    let now = 0;
    // nothing listens there: every connect fails, and the injected clock says time runs out after the second failure
    const uplink = new LiveUplink({ url: 'ws://127.0.0.1:9/live/s/audio', sampleRate: 16000, reconnectDelaysMs: [1], giveUpAfterMs: 1000, now: () => (now += 600) });
    const error = await uplink.failed.catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/no connection to the server for \d+ s/);
  });
});
