import { LIVE_AUDIO_ENCODING, LIVE_CLOSE_CODES, LiveServerMessage, type CaptionJson, type LiveStartMessage } from '@verbatim/core/api';
import WebSocket from 'ws';
import { ResendBuffer } from './ResendBuffer.ts';

/** Options of {@link LiveUplink}. */
export interface LiveUplinkOptions {
  /** `ws(s)://<server>/live/<sessionId>/audio`. */
  readonly url: string;
  /** Sent with every upgrade (the API token). */
  readonly headers?: Record<string, string>;
  /** The session's rate: what `start` declares. */
  readonly sampleRate: number;
  /** Each caption, partial or final, as it arrives (after a reconnect, `ready`'s recent finals again). */
  readonly onCaption?: (caption: CaptionJson) => void;
  /** Warnings and error messages of the server, and what the uplink itself has to say (reconnecting…). */
  readonly onNotice?: (notice: { code: string; message: string }) => void;
  /** Waits between reconnect attempts, in ms; the last repeats (default 250, 500, 1000, 2000, 4000). */
  readonly reconnectDelaysMs?: readonly number[];
  /** Gives up when no connection has been ready for this long, in ms (default 120 s). */
  readonly giveUpAfterMs?: number;
  /**
   * Audio one connection may send at once beyond its {@link catchUpRate}, in seconds (default 8: the server allows a
   * connection 10 s beyond 3× real time, and a session 10 s ahead of the time since it began; past that it closes
   * the source with 4429).
   */
  readonly burstSeconds?: number;
  /**
   * After a reconnect, the audio held meanwhile goes out at this many times real time (default 2) until the uplink
   * is live again: the captions catch up after an outage instead of staying behind for the rest of the talk.
   */
  readonly catchUpRate?: number;
  /** Stops sending while the socket holds more than this many bytes unsent (default 256 KiB). */
  readonly maxBufferedBytes?: number;
  /** Milliseconds clock for latency and giving up (default `performance.now`). */
  readonly now?: () => number;
}

/** Why the uplink stopped for good: the server refused the session or the connection stayed down too long. */
export class LiveUplinkError extends Error {
  override name = 'LiveUplinkError';
  /** The WebSocket close code or HTTP status, when the server gave one. */
  readonly code: number | undefined;

  constructor(message: string, code?: number) {
    super(message);
    this.code = code;
  }
}

// frames of send times kept for caption latency (100 ms frames: about a minute)
const HISTORY_FRAMES = 600;

// close codes after which reconnecting cannot help
const FINAL_CLOSE_CODES = new Set<number>([
  LIVE_CLOSE_CODES.badFormat,
  LIVE_CLOSE_CODES.badFrame,
  LIVE_CLOSE_CODES.sourceConnected,
  LIVE_CLOSE_CODES.sessionEnded,
  LIVE_CLOSE_CODES.tooFast,
  LIVE_CLOSE_CODES.accessRevoked,
  1008,
]);
// upgrade refusals after which reconnecting cannot help
const FINAL_STATUSES = new Set([400, 401, 403, 404, 409, 410]);

/**
 * The audio source's side of a live session's WebSocket (`/live/<sessionId>/audio`): `push` appends s16le samples to
 * a resend buffer and sends them while connected; the server's `ack`s drop what it has. A dropped connection is
 * reopened with backoff and `start` says where the buffer begins on the session's clock, so no audio is lost (the
 * server drops the overlap). `end()` sends `end` after the last sample and resolves with the session's finals once
 * the server has `drained`. Anything that cannot be resumed (the session ended, access revoked, a refused upgrade,
 * no connection for `giveUpAfterMs`) rejects {@link failed} with a {@link LiveUplinkError}.
 *
 * @example
 * const uplink = new LiveUplink({ url, headers, sampleRate: 16000, onCaption: print });
 * await uplink.ready;
 * for await (const block of input) uplink.push(block);
 * const finals = await uplink.end();
 * uplink.close();
 */
export class LiveUplink {
  /** Resolves when the first connection is ready (rejects as {@link failed} does when it never is). */
  readonly ready: Promise<void>;
  /** Rejects when the uplink stops for good; never resolves. */
  readonly failed: Promise<never>;
  readonly #options: LiveUplinkOptions;
  readonly #now: () => number;
  readonly #buffer = new ResendBuffer();
  readonly #delays: readonly number[];
  // [one past the last sample of a frame, when it was sent]: this connection's unacknowledged frames
  readonly #sentAt: Array<[number, number]> = [];
  // [first sample, one past the last, when it was sent] of the last minute of frames, acknowledged or not (caption latency)
  readonly #history: Array<[number, number, number]> = [];
  #socket: WebSocket | undefined;
  #isReady = false;
  #position = 0;
  // where this connection's new audio starts (the server's receivedSamples) and when it became ready
  #connectionBase = 0;
  #readyAt = 0;
  #attempt = 0;
  #downSince: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #endRequested = false;
  #endSent = false;
  #closed = false;
  #latencyMs: number | undefined;
  #received = 0;
  #resolveReady!: () => void;
  #fail!: (error: LiveUplinkError) => void;
  #drained: { resolve: (finals: number) => void; promise: Promise<number> } | undefined;

  constructor(options: LiveUplinkOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.#delays = options.reconnectDelaysMs ?? [250, 500, 1000, 2000, 4000];
    const ready = new Promise<void>((resolve) => (this.#resolveReady = resolve));
    this.failed = new Promise<never>((_, reject) => {
      this.#fail = (error) => {
        if (this.#closed) return;
        this.close();
        reject(error);
      };
    });
    this.failed.catch(() => {});
    // whoever awaits `ready` alone still hears of a failure
    this.ready = Promise.race([ready, this.failed]);
    this.ready.catch(() => {});
    this.#connect();
  }

  /** Samples the server has confirmed. */
  get receivedSamples(): number {
    return this.#received;
  }

  /** Samples read so far (sent or waiting to be). */
  get pushedSamples(): number {
    return this.#buffer.end;
  }

  /** How long the last acknowledged sample took from being sent to being confirmed, in ms. */
  get latencyMs(): number | undefined {
    return this.#latencyMs;
  }

  /**
   * When the sample at `index` (on the session's clock) was last sent, on the `now` clock; undefined when it has not
   * been sent or was sent more than about a minute of frames ago.
   */
  sentTimeOf(index: number): number | undefined {
    for (let i = this.#history.length - 1; i >= 0; i -= 1) {
      const [start, end, time] = this.#history[i]!;
      if (start <= index && index < end) return time;
    }
    return undefined;
  }

  /** Whether a connection is ready now. */
  get connected(): boolean {
    return this.#isReady;
  }

  /** Appends samples (s16le mono at the session's rate) and sends them if connected. */
  push(samples: Int16Array): void {
    if (this.#endRequested) throw new Error('push after end()');
    this.#buffer.append(samples);
    this.#flush();
  }

  /** The input ended: sends what is left, then `end`; resolves with the session's finals when the server has drained. */
  end(): Promise<number> {
    this.#endRequested = true;
    if (this.#drained === undefined) {
      let resolve!: (finals: number) => void;
      const promise = new Promise<number>((r) => (resolve = r));
      this.#drained = { resolve, promise: Promise.race([promise, this.failed]) };
    }
    this.#flush();
    return this.#drained.promise;
  }

  /** Closes the connection and stops reconnecting. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#isReady = false;
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket !== undefined && socket.readyState === WebSocket.OPEN) socket.close(1000, 'done');
    else socket?.terminate();
  }

  #connect(): void {
    if (this.#closed) return;
    const socket = new WebSocket(this.#options.url, { headers: this.#options.headers ?? {}, handshakeTimeout: 10_000, maxPayload: 4 * 1024 * 1024 });
    this.#socket = socket;
    socket.on('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        if (this.#socket !== socket) return;
        this.#socket = undefined;
        socket.terminate();
        const message = messageOf(body) ?? response.statusMessage ?? '';
        if (FINAL_STATUSES.has(status)) this.#fail(new LiveUplinkError(`the server refused the audio connection (${status}): ${message}`, status));
        else this.#reconnect(`the server answered ${status} ${message}`);
      });
    });
    socket.on('open', () => {
      this.#position = this.#buffer.start;
      // send times of the last connection's frames would be matched against this one's acks
      this.#sentAt.length = 0;
      const start: LiveStartMessage = { type: 'start', encoding: LIVE_AUDIO_ENCODING, sampleRate: this.#options.sampleRate, channels: 1, offsetSamples: this.#position };
      socket.send(JSON.stringify(start));
      // a new connection resends `end` if the input had ended
      this.#endSent = false;
    });
    socket.on('message', (data, isBinary) => {
      if (this.#socket !== socket || isBinary) return;
      let message: LiveServerMessage;
      try {
        message = LiveServerMessage.parse(JSON.parse(data.toString()));
      } catch {
        this.#options.onNotice?.({ code: 'bad-message', message: `ignored a message the server sent that is not part of the protocol: ${data.toString().slice(0, 120)}` });
        return;
      }
      this.#onMessage(message);
    });
    socket.on('close', (code, reason) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#isReady = false;
      const why = reason.toString() || `code ${code}`;
      if (FINAL_CLOSE_CODES.has(code)) this.#fail(new LiveUplinkError(`the server closed the audio connection (${code}): ${why}`, code));
      else this.#reconnect(`the connection closed (${code}${reason.length > 0 ? `: ${why}` : ''})`);
    });
    // a failed connect or a broken connection: 'close' follows and decides
    socket.on('error', () => {});
  }

  #onMessage(message: LiveServerMessage): void {
    switch (message.type) {
      case 'ready':
        if (message.sampleRate !== this.#options.sampleRate) {
          this.#fail(new LiveUplinkError(`the session takes ${message.sampleRate} Hz audio, not ${this.#options.sampleRate} Hz`));
          return;
        }
        this.#isReady = true;
        this.#attempt = 0;
        this.#downSince = undefined;
        // the server counts this connection's samples from the `start` offset: the overlap is resent, then dropped there
        this.#acknowledge(Math.min(message.receivedSamples, this.#position));
        this.#received = Math.max(this.#received, message.receivedSamples);
        this.#connectionBase = Math.max(message.receivedSamples, this.#position);
        this.#readyAt = this.#now();
        for (const caption of message.recentFinals) this.#options.onCaption?.(caption);
        this.#resolveReady();
        this.#flush();
        return;
      case 'ack':
        this.#acknowledge(message.receivedSamples);
        return;
      case 'caption':
        this.#options.onCaption?.(message.caption);
        return;
      case 'warning':
        this.#options.onNotice?.({ code: message.code, message: message.message });
        return;
      case 'error':
        this.#options.onNotice?.({ code: message.code, message: message.message });
        return;
      case 'drained':
        if (this.#endSent) this.#drained?.resolve(message.finals);
        return;
      case 'ended':
        this.#fail(new LiveUplinkError(`the session was stopped on the server${message.transcriptId === null ? '' : ` (transcript ${message.transcriptId})`}`, LIVE_CLOSE_CODES.sessionEnded));
        return;
    }
  }

  #acknowledge(received: number): void {
    this.#received = Math.max(this.#received, received);
    this.#buffer.acknowledge(Math.min(received, this.#buffer.end));
    // the frame holding the last confirmed sample: how long it took
    let i = 0;
    while (i < this.#sentAt.length && this.#sentAt[i]![0] < received) i += 1;
    const frame = this.#sentAt[i] ?? (i > 0 ? this.#sentAt[i - 1] : undefined);
    if (frame !== undefined && received > 0) this.#latencyMs = Math.max(0, this.#now() - frame[1]);
    this.#sentAt.splice(0, Math.max(0, i - 1));
  }

  #flush(): void {
    const socket = this.#socket;
    if (!this.#isReady || socket === undefined || socket.readyState !== WebSocket.OPEN) return;
    const limit = this.#options.maxBufferedBytes ?? 256 * 1024;
    const { sampleRate } = this.#options;
    // a backlog goes at catchUpRate × real time after a burst: never faster than the server lets a connection send
    const elapsed = (this.#now() - this.#readyAt) / 1000;
    const allowed = this.#connectionBase + Math.floor(((this.#options.catchUpRate ?? 2) * elapsed + (this.#options.burstSeconds ?? 8)) * sampleRate);
    for (const block of this.#buffer.from(Math.max(this.#position, this.#buffer.start))) {
      // the network is slower than the audio, or a backlog would go faster than its catch-up rate: try again shortly
      // (what is not sent stays in the buffer)
      if (socket.bufferedAmount > limit || block.start + block.samples.length > allowed) {
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => this.#flush(), 50);
        return;
      }
      socket.send(Buffer.from(block.samples.buffer, block.samples.byteOffset, block.samples.byteLength));
      this.#position = block.start + block.samples.length;
      const time = this.#now();
      this.#sentAt.push([this.#position, time]);
      this.#history.push([block.start, this.#position, time]);
      if (this.#history.length > HISTORY_FRAMES) this.#history.splice(0, this.#history.length - HISTORY_FRAMES);
    }
    if (this.#endRequested && !this.#endSent && this.#position >= this.#buffer.end) {
      socket.send(JSON.stringify({ type: 'end' }));
      this.#endSent = true;
    }
  }

  #reconnect(why: string): void {
    if (this.#closed) return;
    const now = this.#now();
    this.#downSince ??= now;
    const giveUp = this.#options.giveUpAfterMs ?? 120_000;
    if (now - this.#downSince >= giveUp) {
      this.#fail(new LiveUplinkError(`no connection to the server for ${Math.round((now - this.#downSince) / 1000)} s (${why}); the audio it has is kept in the session`));
      return;
    }
    const delay = this.#delays[Math.min(this.#attempt, this.#delays.length - 1)] ?? 1000;
    this.#attempt += 1;
    this.#options.onNotice?.({ code: 'reconnecting', message: `${why}; reconnecting in ${(delay / 1000).toFixed(1)} s (${((this.#buffer.end - this.#buffer.start) / this.#options.sampleRate).toFixed(1)} s of audio to resend)` });
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#connect(), delay);
  }
}

function messageOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } };
    return parsed.error?.message;
  } catch {
    return body.trim().slice(0, 200) || undefined;
  }
}
