// Test helper: an audio source for /live/<sessionId>/audio over a real WebSocket (the `ws` package), recording every
// message the server sends and how it closed the connection.
import { readFileSync } from 'node:fs';
import type { LiveServerMessage } from '@verbatim/core/api';
import { WebSocket as WsClient } from 'ws';

export interface LiveTestSourceOptions {
  /** An API token (sent as `Authorization: Bearer`). */
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** An API token sent in the address (`?token=`), as browsers must. */
  readonly queryToken?: string;
}

/** A refused upgrade: the HTTP status and body the server answered with. */
export class UpgradeRefused extends Error {
  readonly status: number;
  readonly body: string;

  constructor(status: number, body: string) {
    super(`upgrade refused with ${status}: ${body}`);
    this.status = status;
    this.body = body;
  }
}

export class LiveTestSource {
  readonly messages: LiveServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  isClosed = false;
  readonly socket: WsClient;
  readonly #waiters = new Set<() => void>();

  private constructor(socket: WsClient) {
    this.socket = socket;
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.messages.push(JSON.parse(data.toString()) as LiveServerMessage);
      for (const wake of [...this.#waiters]) wake();
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => {
        this.isClosed = true;
        resolve({ code, reason: reason.toString() });
        for (const wake of [...this.#waiters]) wake();
      }),
    );
  }

  /** Connects; rejects with {@link UpgradeRefused} when the server answers the upgrade with an HTTP error. */
  static connect(serverUrl: string, sessionId: string, options: LiveTestSourceOptions = {}): Promise<LiveTestSource> {
    const query = options.queryToken === undefined ? '' : `?token=${encodeURIComponent(options.queryToken)}`;
    const socket = new WsClient(`${serverUrl.replace(/^http/, 'ws')}/live/${sessionId}/audio${query}`, {
      headers: { ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }), ...options.headers },
    });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new LiveTestSource(socket)));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => reject(new UpgradeRefused(response.statusCode ?? 0, body)));
      });
      socket.once('error', reject);
    });
  }

  start(options: { offsetSamples?: number; sampleRate?: number } = {}): void {
    this.socket.send(JSON.stringify({ type: 'start', encoding: 's16le', sampleRate: options.sampleRate ?? 16_000, channels: 1, offsetSamples: options.offsetSamples ?? 0 }));
  }

  /** Sends samples in frames of `frameSamples` (default 100 ms at 16 kHz). */
  sendPcm(pcm: Int16Array, frameSamples = 1600): void {
    for (let at = 0; at < pcm.length; at += frameSamples) {
      const frame = pcm.subarray(at, Math.min(pcm.length, at + frameSamples));
      this.socket.send(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
    }
  }

  end(): void {
    this.socket.send(JSON.stringify({ type: 'end' }));
  }

  /** The first message (from the start) of `type` that satisfies `matches`; rejects if the socket closes first. */
  async next<T extends LiveServerMessage['type']>(type: T, matches: (message: Extract<LiveServerMessage, { type: T }>) => boolean = () => true): Promise<Extract<LiveServerMessage, { type: T }>> {
    for (;;) {
      const found = this.messages.find((m): m is Extract<LiveServerMessage, { type: T }> => m.type === type && matches(m as Extract<LiveServerMessage, { type: T }>));
      if (found !== undefined) return found;
      if (this.isClosed) throw new Error(`the socket closed (${JSON.stringify(await this.closed)}) before a ${type} message came`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake);
          resolve();
        };
        this.#waiters.add(wake);
      });
    }
  }

  /** The captions received, final ones only when `finalOnly`. */
  captions(finalOnly = false) {
    return this.messages.flatMap((m) => (m.type === 'caption' && (!finalOnly || m.caption.final) ? [m.caption] : []));
  }
}

/** A 16-bit mono WAV's samples (the data chunk's, whatever chunks come before it). */
export function readWavPcm(path: string): Int16Array {
  const bytes = readFileSync(path);
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = bytes.toString('ascii', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (id === 'data') return new Int16Array(bytes.buffer.slice(bytes.byteOffset + at + 8, bytes.byteOffset + at + 8 + size));
    at += 8 + size + (size % 2);
  }
  throw new Error(`${path} has no data chunk`);
}
