import type { AddressInfo } from 'node:net';
import { LIVE_CLOSE_CODES, type LiveServerMessage } from '@verbatim/core/api';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { LiveSource, type LiveSourceState } from './LiveSource.ts';

// A real WebSocket server speaking the audio protocol as the server does: `start` (offsetSamples) → `ready` with what
// it has, binary frames appended (the overlap of a resend dropped), an ack per frame, `end` → `drained`.
function protocolServer() {
  const wss = new WebSocketServer({ port: 0 });
  const received: number[] = [];
  const starts: number[] = [];
  let current: ServerSocket | undefined;
  const send = (socket: ServerSocket, message: LiveServerMessage) => socket.send(JSON.stringify(message));
  wss.on('connection', (socket) => {
    current = socket;
    let at = 0;
    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        const message = JSON.parse(String(data)) as { type: string; offsetSamples?: number };
        if (message.type === 'start') {
          starts.push(message.offsetSamples!);
          at = message.offsetSamples!;
          send(socket, { type: 'ready', sessionId: 's1', sampleRate: 16_000, receivedSamples: received.length, recentFinals: [] });
        } else if (message.type === 'end') {
          send(socket, { type: 'caption', caption: { seq: 0, final: true, text: 'done', startMs: 0, endMs: 10, words: [] } });
          send(socket, { type: 'drained', finals: 1 });
        }
        return;
      }
      const buffer = data as Buffer;
      const samples = new Int16Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 2);
      for (const s of samples) {
        // a resent sample the server already has is dropped
        if (at >= received.length) received.push(s);
        at += 1;
      }
      send(socket, { type: 'ack', receivedSamples: received.length, decodedSamples: received.length });
    });
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  return {
    url,
    received,
    starts,
    /** The connection as it is now (dropped, closed with a code, or answered). */
    get socket() {
      return current!;
    },
    close: () => new Promise<void>((done) => wss.close(() => done())),
  };
}

function untilState(source: LiveSource, state: LiveSourceState): Promise<void> {
  return new Promise((resolve) => {
    if (source.state === state) return resolve();
    const sub = source.onDidChange(() => {
      if (source.state !== state) return;
      sub.dispose();
      resolve();
    });
  });
}

function untilReceived(source: LiveSource, samples: number): Promise<void> {
  return new Promise((resolve) => {
    const sub = source.onDidChange(() => {
      if (source.receivedSamples < samples) return;
      sub.dispose();
      resolve();
    });
  });
}

// 100 ms frames whose samples count up, so a gap or a duplicate shows
const frame = (index: number) => Int16Array.from({ length: 1600 }, (_, i) => (index * 1600 + i) % 32_000);
const expected = (frames: number) => Array.from({ length: frames * 1600 }, (_, i) => i % 32_000);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setUp(options: Partial<ConstructorParameters<typeof LiveSource>[0]> = {}) {
  const server = protocolServer();
  let clock = 1000;
  const source = new LiveSource({ url: server.url, sampleRate: 16_000, backoffMs: () => 0, now: () => clock, ...options });
  cleanups.push(() => server.close(), () => source.close());
  return { server, source, tick: (ms: number) => (clock += ms) };
}

describe('LiveSource', () => {
  it('sends start, then every frame after ready, and measures latency from the acked sample\'s send time', async () => {
    const { server, source, tick } = setUp();
    source.push(frame(0));
    source.connect();
    expect(source.state).toBe('connecting');
    await untilState(source, 'live');
    tick(40);
    source.push(frame(1));
    await untilReceived(source, 3200);
    expect(server.starts).toEqual([0]);
    expect(server.received).toEqual(expected(2));
    // frame 0 was sent at 1000 and frame 1 at 1040; time stood still since
    expect(source.sentAt(0)).toBe(1000);
    expect(source.sentAt(3199)).toBe(1040);
    expect(source.latencyMs).toBe(0);
  });

  it('resumes a dropped connection from the last acknowledged sample, without a gap or a duplicate', async () => {
    const { server, source } = setUp();
    source.connect();
    await untilState(source, 'live');
    source.push(frame(0));
    await untilReceived(source, 1600);
    server.socket.terminate();
    // captured while the connection is down
    source.push(frame(1));
    source.push(frame(2));
    await untilState(source, 'reconnecting');
    await untilState(source, 'live');
    source.push(frame(3));
    await untilReceived(source, 4 * 1600);
    expect(server.starts).toEqual([0, 1600]);
    expect(server.received).toEqual(expected(4));
  });

  it('resumes without a gap when the page itself closed the connection while frames kept coming', async () => {
    const sockets: WebSocket[] = [];
    const { server, source } = setUp({
      createSocket: (url) => {
        const socket = new WebSocket(url);
        sockets.push(socket);
        return socket;
      },
    });
    source.connect();
    await untilState(source, 'live');
    source.push(frame(0));
    source.push(frame(1));
    sockets[0]!.close(4000, 'dropped');
    // captured while the connection closes
    source.push(frame(2));
    await untilState(source, 'reconnecting');
    source.push(frame(3));
    await untilState(source, 'live');
    source.push(frame(4));
    await untilReceived(source, 5 * 1600);
    expect(server.received).toEqual(expected(5));
  });

  it('end() resolves with the finals once the server drained, after the captions', async () => {
    const { source } = setUp();
    const captions: string[] = [];
    source.onCaption((c) => captions.push(c.text));
    source.connect();
    await untilState(source, 'live');
    source.push(frame(0));
    await expect(source.end()).resolves.toBe(1);
    expect(captions).toEqual(['done']);
  });

  it("shows the server's \"no captions are made\" until captions come again (its recogniser reopened)", async () => {
    const { server, source } = setUp();
    source.connect();
    await untilState(source, 'live');
    const send = (message: LiveServerMessage) => server.socket.send(JSON.stringify(message));
    const changed = () => new Promise<void>((resolve) => { const sub = source.onDidChange(() => { sub.dispose(); resolve(); }); });
    let next = changed();
    send({ type: 'error', code: 'recognizer-unavailable', message: 'no captions are made' });
    await next;
    expect(source.error).toBe('no captions are made');
    next = changed();
    send({ type: 'caption', caption: { seq: 0, final: false, text: 'back', startMs: 0, endMs: 10, words: [] } });
    await next;
    expect(source.error).toBeUndefined();
    expect(source.state).toBe('live');
  });

  it('stops for good, with the server\'s reason, when the session is no longer live or another source holds it', async () => {
    const { server, source } = setUp();
    source.connect();
    await untilState(source, 'live');
    server.socket.close(LIVE_CLOSE_CODES.sourceConnected, 'Another audio source is connected to this session.');
    await untilState(source, 'failed');
    expect(source.error).toBe('Another audio source is connected to this session.');
    source.connect();
    await untilState(source, 'live');
    server.socket.close(LIVE_CLOSE_CODES.sessionEnded, 'The session was stopped.');
    await untilState(source, 'ended');
    expect(server.starts).toHaveLength(2);
  });

  it('asks the probe before reconnecting, and gives up with its message', async () => {
    let probes = 0;
    const { server, source } = setUp({
      probe: async () => (++probes === 1 ? undefined : { ended: false, message: 'You no longer have access to this project.' }),
    });
    source.connect();
    await untilState(source, 'live');
    server.socket.terminate();
    await untilState(source, 'reconnecting');
    await untilState(source, 'live');
    server.socket.terminate();
    await untilState(source, 'failed');
    expect(source.error).toBe('You no longer have access to this project.');
    expect(probes).toBe(2);
  });

  it('catches up on a backlog at twice real time after burstSeconds, and sends end only after the last frame', async () => {
    const { server, source, tick } = setUp({ burstSeconds: 0.2 });
    // captured while not connected: 0.5 s
    for (let i = 0; i < 5; i++) source.push(frame(i));
    source.connect();
    await untilState(source, 'live');
    await untilReceived(source, 3200);
    // 0.2 s at once on a connection that has run 0 s: two frames, the rest held back
    expect(server.received).toEqual(expected(2));
    // 0.1 s later: 0.2 s more (twice real time), so the backlog shrinks while the talk goes on
    tick(100);
    source.push(frame(5));
    await untilReceived(source, 6400);
    expect(server.received).toEqual(expected(4));
    tick(1000);
    await expect(source.end()).resolves.toBe(1);
    expect(server.received).toEqual(expected(6));
  });

  it('keeps at most its bound of unacknowledged audio while disconnected, counting what it dropped', async () => {
    const { source } = setUp({ maxBufferSeconds: 0.25 });
    for (let i = 0; i < 5; i++) source.push(frame(i));
    expect(source.capturedSamples).toBe(5 * 1600);
    expect(source.lostSamples).toBe(3 * 1600);
  });
});
