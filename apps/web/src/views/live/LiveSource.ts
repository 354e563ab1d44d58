import { type CaptionJson, LIVE_AUDIO_ENCODING, LIVE_CLOSE_CODES, LiveServerMessage, type LiveStartMessage } from '@verbatim/core/api';
import { Emitter } from '../../platform/Emitter.ts';
import { ResendBuffer } from './ResendBuffer.ts';
import { SentTimeline } from './SentTimeline.ts';

/** Where an audio source stands: `idle` before `connect()`, `ended` once the session stopped, `failed` when it gave up. */
export type LiveSourceState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'ended' | 'failed';

/** A warning the server sent about the audio or the connection. */
export interface LiveWarning {
  code: string;
  message: string;
}

/** The part of a browser `WebSocket` a source uses (the test drives a real one in Node). */
export interface SourceSocket {
  binaryType: BinaryType;
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string | ArrayBufferView<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

/** Options of {@link LiveSource}. */
export interface LiveSourceOptions {
  /** `ws(s)://host/live/<sessionId>/audio`. */
  url: string;
  sampleRate: number;
  createSocket?: (url: string) => SourceSocket;
  /** The clock of `sentAt` and the latency (default `performance.now`). */
  now?: () => number;
  /** How long to wait before the `attempt`-th reconnect (1, 2…) in ms (default 250 ms doubling to 8 s). */
  backoffMs?: (attempt: number) => number;
  /**
   * Asked after a connection failed, before trying again: a message when trying again is pointless (the session
   * ended, access was withdrawn: a refused upgrade tells the browser nothing), else undefined.
   */
  probe?: () => Promise<{ ended: boolean; message: string } | undefined>;
  /** Audio kept for resending while the server has not acknowledged it (default 5 minutes). */
  maxBufferSeconds?: number;
  /** Above this many bytes queued in the socket, new frames wait in the resend buffer (default 256 KiB). */
  maxSocketBuffer?: number;
  /**
   * Audio the server does not have yet that one connection may send at once beyond its {@link catchUpRate}, in
   * seconds (default 8: the server allows a connection 10 s beyond 3× real time, and a session 10 s ahead of the
   * time since it began; past that it closes the source with 4429).
   */
  burstSeconds?: number;
  /**
   * What was captured during an outage goes out at this many times real time (default 2) until the source is live
   * again, so the captions catch up instead of staying behind for the rest of the talk.
   */
  catchUpRate?: number;
}

// closes after which reconnecting cannot help
const FINAL_CLOSES = new Map<number, LiveSourceState>([
  [LIVE_CLOSE_CODES.badFormat, 'failed'],
  [LIVE_CLOSE_CODES.badFrame, 'failed'],
  [LIVE_CLOSE_CODES.sourceConnected, 'failed'],
  [LIVE_CLOSE_CODES.sessionEnded, 'ended'],
  [LIVE_CLOSE_CODES.tooFast, 'failed'],
  [LIVE_CLOSE_CODES.accessRevoked, 'failed'],
]);

const OPEN = 1;

/**
 * The browser's audio source of a live session over `/live/<id>/audio` (LiveJson.ts's protocol): `start` → `ready` →
 * s16le frames, captions and acks back. Every frame waits in a resend buffer until an ack covers it, so a dropped
 * connection reconnects (with backoff) and resumes from the server's `receivedSamples` without a gap. Latency is
 * ack-based: when an ack arrives, now minus the time its last sample was sent.
 */
export class LiveSource {
  readonly sampleRate: number;
  readonly #url: string;
  readonly #createSocket: (url: string) => SourceSocket;
  readonly #now: () => number;
  readonly #backoffMs: (attempt: number) => number;
  readonly #probe: LiveSourceOptions['probe'];
  readonly #maxSocketBuffer: number;
  readonly #burstSamples: number;
  readonly #catchUpRate: number;
  readonly #buffer: ResendBuffer;
  readonly #timeline = new SentTimeline();
  #socket: SourceSocket | undefined;
  #ready = false;
  // the next sample to send on this connection
  #cursor = 0;
  // this connection's start (its clock for pacing) and the audio the server had then
  #connectedAt = 0;
  #serverHadAtStart = 0;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #endRequested = false;
  #state: LiveSourceState = 'idle';
  #error: string | undefined;
  /** The server's "no captions are made" message while it stands (cleared by the next caption). */
  #recognizerError: string | undefined;
  #attempt = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #receivedSamples = 0;
  #decodedSamples = 0;
  #latencyMs: number | undefined;
  #ending: { resolve: (finals: number) => void; reject: (error: Error) => void } | undefined;
  #closed = false;

  readonly #onDidChange = new Emitter<void>();
  /** The state, the acks (received, decoded, latency) or the error changed. */
  readonly onDidChange = this.#onDidChange.event;
  readonly #onCaption = new Emitter<CaptionJson>();
  /** A partial or final caption arrived (on `ready`, the recent finals are replayed through it). */
  readonly onCaption = this.#onCaption.event;
  readonly #onWarning = new Emitter<LiveWarning>();
  readonly onWarning = this.#onWarning.event;
  readonly #onDidEnd = new Emitter<{ transcriptId: string | null }>();
  /** The server said the session ended (stopped: its transcript is being made or is there). */
  readonly onDidEnd = this.#onDidEnd.event;

  constructor(options: LiveSourceOptions) {
    this.sampleRate = options.sampleRate;
    this.#url = options.url;
    this.#createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.#now = options.now ?? (() => performance.now());
    this.#backoffMs = options.backoffMs ?? ((attempt) => Math.min(8000, 250 * 2 ** (attempt - 1)));
    this.#probe = options.probe;
    this.#maxSocketBuffer = options.maxSocketBuffer ?? 256 * 1024;
    this.#burstSamples = Math.round((options.burstSeconds ?? 8) * options.sampleRate);
    this.#catchUpRate = options.catchUpRate ?? 2;
    this.#buffer = new ResendBuffer(Math.round((options.maxBufferSeconds ?? 300) * options.sampleRate));
  }

  get state(): LiveSourceState {
    return this.#state;
  }

  /** Why the source failed or what the server last refused. */
  get error(): string | undefined {
    return this.#error;
  }

  /** Audio the server has, by its last `ready` or ack. */
  get receivedSamples(): number {
    return this.#receivedSamples;
  }

  get decodedSamples(): number {
    return this.#decodedSamples;
  }

  /** Audio captured so far (sent or waiting). */
  get capturedSamples(): number {
    return this.#buffer.end;
  }

  /** The last ack's latency in ms: from sending its last sample to hearing of it. */
  get latencyMs(): number | undefined {
    return this.#latencyMs;
  }

  /** Audio dropped unsent because the connection was away longer than the resend buffer holds. */
  get lostSamples(): number {
    return this.#buffer.lost;
  }

  /** When `sample` (on the session's clock) was first sent, on the `now` clock (NaN if not yet). */
  sentAt(sample: number): number {
    return this.#timeline.sentAt(sample);
  }

  /** Opens the connection (again, after `failed`). */
  connect(): void {
    if (this.#closed || this.#state === 'ended') return;
    this.#error = undefined;
    this.#attempt = 0;
    this.#open('connecting');
  }

  /** Takes the next captured frame: sent now when the connection is ready, else kept for when it is. */
  push(pcm: Int16Array<ArrayBuffer>): void {
    if (this.#closed || this.#state === 'ended') return;
    this.#buffer.append(pcm);
    this.#flush();
  }

  /**
   * The input ended: sends what is left and `end`, and resolves with the number of finals once the server says it
   * drained (everything pending became final). Rejects when the connection fails first.
   */
  end(): Promise<number> {
    if (this.#state !== 'live' || !this.#socket) return Promise.reject(new Error('The audio connection is not open: nothing could be finalised.'));
    return new Promise<number>((resolve, reject) => {
      this.#ending = { resolve, reject };
      // sent once every captured frame is out (a paced backlog may still be going)
      this.#endRequested = true;
      this.#flush();
    });
  }

  /** Closes the connection for good (nothing reconnects). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retry);
    clearTimeout(this.#flushTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) {
      socket.onclose = socket.onmessage = socket.onerror = socket.onopen = null;
      socket.close(1000, 'the operator closed the page');
    }
    this.#ending?.reject(new Error('The audio connection was closed.'));
    this.#ending = undefined;
    if (this.#state !== 'ended' && this.#state !== 'failed') this.#setState('idle');
    this.#onDidChange.dispose();
    this.#onCaption.dispose();
    this.#onWarning.dispose();
    this.#onDidEnd.dispose();
  }

  #open(state: 'connecting' | 'reconnecting'): void {
    this.#ready = false;
    this.#setState(state);
    const socket = this.#createSocket(this.#url);
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    socket.onopen = () => {
      const start: LiveStartMessage = { type: 'start', encoding: LIVE_AUDIO_ENCODING, sampleRate: this.sampleRate, channels: 1, offsetSamples: this.#buffer.start };
      this.#cursor = start.offsetSamples;
      this.#connectedAt = this.#now();
      socket.send(JSON.stringify(start));
    };
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') this.#onMessage(event.data);
    };
    socket.onclose = (event) => this.#onClose(socket, event.code, event.reason);
    // a close event follows every error
    socket.onerror = () => {};
  }

  #onMessage(text: string): void {
    let parsed: LiveServerMessage;
    try {
      const result = LiveServerMessage.safeParse(JSON.parse(text));
      if (!result.success) return;
      parsed = result.data;
    } catch {
      return;
    }
    switch (parsed.type) {
      case 'ready':
        this.#ready = true;
        this.#attempt = 0;
        this.#receivedSamples = parsed.receivedSamples;
        this.#serverHadAtStart = parsed.receivedSamples;
        // nothing is dropped here: the frames go out contiguously from the offset `start` declared (the server skips
        // what it has), and the next ack trims them
        for (const caption of parsed.recentFinals) this.#onCaption.fire(caption);
        this.#setState('live');
        this.#flush();
        break;
      case 'ack':
        this.#ack(parsed.receivedSamples, parsed.decodedSamples);
        break;
      case 'caption':
        // captions again after "no captions are made" (the server reopened its recogniser): that error is over
        if (this.#recognizerError && this.#error === this.#recognizerError) {
          this.#error = undefined;
          this.#onDidChange.fire();
        }
        this.#recognizerError = undefined;
        this.#onCaption.fire(parsed.caption);
        break;
      case 'warning':
        this.#onWarning.fire({ code: parsed.code, message: parsed.message });
        break;
      case 'drained':
        this.#ending?.resolve(parsed.finals);
        this.#ending = undefined;
        break;
      case 'ended':
        this.#onDidEnd.fire({ transcriptId: parsed.transcriptId });
        break;
      case 'error':
        this.#error = parsed.message;
        if (parsed.code === 'recognizer-unavailable') this.#recognizerError = parsed.message;
        this.#onDidChange.fire();
        break;
    }
  }

  #ack(receivedSamples: number, decodedSamples: number): void {
    this.#receivedSamples = receivedSamples;
    this.#decodedSamples = decodedSamples;
    this.#buffer.acknowledge(receivedSamples);
    const sent = this.#timeline.sentAt(receivedSamples - 1);
    if (Number.isFinite(sent)) this.#latencyMs = Math.max(0, this.#now() - sent);
    this.#flush();
    this.#onDidChange.fire();
  }

  #flush(): void {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    const socket = this.#socket;
    if (!socket || !this.#ready || socket.readyState !== OPEN) return;
    // new audio on this connection: a burst, then at most catchUpRate × the time since it started (a backlog catches up)
    const allowedEnd = this.#serverHadAtStart + this.#burstSamples + this.#catchUpRate * ((this.#now() - this.#connectedAt) / 1000) * this.sampleRate;
    for (const chunk of this.#buffer.from(this.#cursor)) {
      if (chunk.start < this.#cursor) continue;
      if (chunk.start > this.#cursor) {
        // the buffer overflowed while this connection started: the next connection declares the new offset (and the
        // server says the audio in between is lost)
        socket.close(4000, 'audio was lost while the connection was down');
        return;
      }
      if (socket.bufferedAmount > this.#maxSocketBuffer || chunk.start + chunk.pcm.length > allowedEnd) {
        // held back: tried again shortly (new frames also try)
        this.#flushTimer = setTimeout(() => this.#flush(), 100);
        return;
      }
      socket.send(chunk.pcm);
      this.#timeline.record(chunk.start, this.#now());
      this.#cursor = chunk.start + chunk.pcm.length;
    }
    if (this.#endRequested && this.#ending) {
      this.#endRequested = false;
      socket.send(JSON.stringify({ type: 'end' }));
    }
  }

  #onClose(socket: SourceSocket, code: number, reason: string): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    this.#ready = false;
    this.#endRequested = false;
    clearTimeout(this.#flushTimer);
    this.#ending?.reject(new Error(reason || `The audio connection closed (${code}) before the last captions were made.`));
    this.#ending = undefined;
    const final = FINAL_CLOSES.get(code);
    if (final) {
      this.#error = reason || (final === 'ended' ? 'The session is no longer live.' : `The server closed the audio connection (${code}).`);
      this.#setState(final);
      return;
    }
    void this.#retryLater();
  }

  async #retryLater(): Promise<void> {
    this.#attempt += 1;
    this.#setState('reconnecting');
    const verdict = await this.#probe?.().catch(() => undefined);
    if (this.#closed) return;
    if (verdict) {
      this.#error = verdict.message;
      this.#setState(verdict.ended ? 'ended' : 'failed');
      return;
    }
    this.#retry = setTimeout(() => {
      if (!this.#closed) this.#open('reconnecting');
    }, this.#backoffMs(this.#attempt));
  }

  #setState(state: LiveSourceState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#onDidChange.fire();
  }
}
