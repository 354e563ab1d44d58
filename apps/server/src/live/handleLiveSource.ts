import { LIVE_CLOSE_CODES, LIVE_MAX_FRAME_BYTES, LiveClientMessage, type LiveServerMessage } from '@verbatim/core/api';
import { WebSocket, type RawData } from 'ws';
import type { Logger } from '../http/Logger.ts';
import type { ActiveLiveSession } from './ActiveLiveSession.ts';
import type { LiveHub } from './LiveHub.ts';
import { closeReason } from './closeReason.ts';
import type { LiveSession } from './LiveSession.ts';

/** What one source connection may cost, and how it is paced. */
export interface LiveSourceLimits {
  /**
   * How far ahead of real time a source may be, in seconds (default 10): the session's audio may be at most this far
   * ahead of the wall clock since the session was created, and one connection may send this much at once beyond its
   * {@link catchUpRate}.
   */
  readonly burstSeconds: number;
  /**
   * How fast one connection may send audio, in multiples of real time since its `start` (default 3): a source back
   * from an outage catches up on what it held meanwhile at up to this rate, never flooding the recogniser.
   */
  readonly catchUpRate: number;
  /** Time to send `start` after connecting (default 10 s). */
  readonly startTimeoutMs: number;
  /** Above this many unsent bytes, partial captions are not sent to the source (default 64 KiB). */
  readonly dropPartialsAboveBytes: number;
  /** Above this many unsent bytes the source is disconnected (1008): it does not read (default 1 MiB). */
  readonly maxBufferedBytes: number;
  /** Acknowledgements are sent this often while audio flows (default 250 ms). */
  readonly ackIntervalMs: number;
  /** A ping this often; a source that did not answer the last one is dropped (default 10 s). */
  readonly pingIntervalMs: number;
  /**
   * A source the server has heard nothing from (no message, no pong) for this long is presumed gone when another
   * source connects to its session, which then takes over (default 5 s): a connection dropped without a close (a
   * network cut) must not keep its own reconnect out until the pings notice.
   */
  readonly staleAfterMs: number;
}

/** The default {@link LiveSourceLimits}. */
export const DEFAULT_LIVE_SOURCE_LIMITS: LiveSourceLimits = Object.freeze({
  burstSeconds: 10,
  catchUpRate: 3,
  startTimeoutMs: 10_000,
  dropPartialsAboveBytes: 64 * 1024,
  maxBufferedBytes: 1024 * 1024,
  ackIntervalMs: 250,
  pingIntervalMs: 10_000,
  staleAfterMs: 5_000,
});

/** What {@link handleLiveSource} needs. */
export interface LiveSourceOptions {
  readonly session: LiveSession;
  /** The session taking audio on this server (opened at the first source, with its recogniser). */
  readonly activate: () => Promise<ActiveLiveSession>;
  /** Whether the session is still live (it may have been stopped meanwhile). */
  readonly isLive: () => boolean;
  readonly hub: LiveHub;
  readonly limits: LiveSourceLimits;
  readonly now: () => number;
  readonly logger?: Logger | undefined;
}

/** An audio source connected to a live session. */
export interface LiveSourceConnection {
  readonly sessionId: string;
  /** Closes the connection with a code of `LIVE_CLOSE_CODES` and a reason in words. */
  close(code: number, reason: string): void;
  /** The session is stopping: audio that still comes is ignored; the hub's `ended` is sent, then 4410 closes it. */
  stopping(): void;
  /** When the server last heard from the source (a message or a pong), on the `now` clock. */
  readonly lastHeardAt: number;
}

/**
 * Speaks the live audio protocol (see core's `LiveJson.ts`) with one source: `start` (s16le, mono, the session's rate,
 * at most the audio received so far) → `ready` with the audio received and the last finals; binary frames of audio
 * (≤ `LIVE_MAX_FRAME_BYTES`, whole samples; a resent overlap is dropped) recorded and recognised; captions from the
 * hub, `ack`s while audio flows and warnings back; `end` → `drained` once every pending word is final. A source whose
 * session would be more than `burstSeconds` ahead of the wall clock since the session was created, or that sends
 * faster than `catchUpRate` × real time (plus `burstSeconds`) since its `start`, is closed with 4429: so a source back
 * from an outage catches up at a bounded rate, and no source can send a recording faster than it is spoken. One that
 * does not read what it is sent gets no partials, then is dropped. Every refusal is a close code with a reason in words.
 */
export function handleLiveSource(ws: WebSocket, options: LiveSourceOptions): LiveSourceConnection {
  const { session, limits, hub, now } = options;
  const rate = session.sampleRate;
  let active: ActiveLiveSession | undefined;
  let started = false;
  let closed = false;
  // what this connection has sent, on the session's clock: the overlap of a resend is dropped
  let position = 0;
  let startedAt = 0;
  let newSamples = 0;
  let lastAck = { received: -1, decoded: -1 };
  let unsubscribe: (() => void) | undefined;
  let pending: Promise<void> = Promise.resolve();
  let pendingBytes = 0;
  let alive = true;
  let stopping = false;
  let lastHeardAt = now();

  // whether it went out: droppable messages (partials, acks) are not sent while much is still unsent
  const send = (message: LiveServerMessage, droppable = false): boolean => {
    if (closed || ws.readyState !== WebSocket.OPEN) return false;
    if (ws.bufferedAmount > limits.maxBufferedBytes) {
      close(1008, 'The audio source does not read what the server sends; reconnect to resume.');
      return false;
    }
    if (droppable && ws.bufferedAmount > limits.dropPartialsAboveBytes) return false;
    ws.send(JSON.stringify(message));
    return true;
  };
  const close = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    cleanup();
    try {
      ws.close(code, closeReason(reason));
    } catch {
      ws.terminate();
    }
  };
  const cleanup = () => {
    clearTimeout(startTimer);
    clearInterval(ackTimer);
    clearInterval(pingTimer);
    unsubscribe?.();
    unsubscribe = undefined;
    if (active !== undefined && active.onWarning === warn) active.onWarning = undefined;
  };
  const warn = (warning: Extract<LiveServerMessage, { type: 'warning' | 'error' }>) => void send(warning);

  const startTimer = setTimeout(() => close(LIVE_CLOSE_CODES.badFormat, 'No start message came within the time allowed; send {"type":"start",…} first.'), limits.startTimeoutMs);
  const ackTimer = setInterval(() => {
    if (active === undefined) return;
    const received = active.receivedSamples;
    const decoded = active.decodedSamples;
    if (received === lastAck.received && decoded === lastAck.decoded) return;
    // an ack held back is sent at the next tick, changed or not
    if (send({ type: 'ack', receivedSamples: received, decodedSamples: decoded }, true)) lastAck = { received, decoded };
  }, limits.ackIntervalMs);
  const pingTimer = setInterval(() => {
    if (!alive) {
      options.logger?.info({ sessionId: session.id }, 'dropped a live audio source that stopped answering pings');
      closed = true;
      cleanup();
      ws.terminate();
      return;
    }
    alive = false;
    ws.ping();
  }, limits.pingIntervalMs);
  ws.on('pong', () => {
    alive = true;
    lastHeardAt = now();
  });

  const onStart = async (message: Extract<LiveClientMessage, { type: 'start' }>) => {
    if (message.sampleRate !== rate) {
      close(LIVE_CLOSE_CODES.badFormat, `This session takes ${rate} Hz audio, not ${message.sampleRate} Hz: resample to ${rate} Hz (s16le mono).`);
      return;
    }
    if (!options.isLive()) {
      close(LIVE_CLOSE_CODES.sessionEnded, 'This live session is no longer live: it was stopped.');
      return;
    }
    active = await options.activate();
    if (closed) return;
    const received = active.receivedSamples;
    if (message.offsetSamples > received) {
      close(LIVE_CLOSE_CODES.badFormat, `offsetSamples ${message.offsetSamples} lies beyond the ${received} samples received: resume from at most there.`);
      return;
    }
    clearTimeout(startTimer);
    started = true;
    position = message.offsetSamples;
    startedAt = now();
    active.onWarning = warn;
    send({ type: 'ready', sessionId: session.id, sampleRate: rate, receivedSamples: received, recentFinals: hub.recentFinals(session.id, 3) });
    if (!active.captioning) send({ type: 'error', code: 'recognizer-unavailable', message: "This session's model could not be loaded: the audio is recorded, but no captions are made." });
    unsubscribe = hub.subscribe(session.id, (hubMessage) => {
      if (hubMessage.type === 'ended') {
        send(hubMessage);
        close(LIVE_CLOSE_CODES.sessionEnded, 'The live session was stopped.');
        return;
      }
      send(hubMessage, !hubMessage.caption.final);
    });
  };

  const onAudio = (bytes: Buffer) => {
    if (stopping) return;
    if (active === undefined || !started) {
      close(LIVE_CLOSE_CODES.badFormat, 'Audio came before the start message; send {"type":"start",…} first.');
      return;
    }
    const frameSamples = bytes.byteLength / 2;
    const received = active.receivedSamples;
    // the part of the frame the server already has (a resend after a reconnect) is dropped
    const skip = Math.min(frameSamples, Math.max(0, received - position));
    position += frameSamples;
    if (skip === frameSamples) return;
    newSamples += frameSamples - skip;
    const at = now();
    // the session's audio against the time since it was created: a source is never ahead of real time for long
    const sessionSeconds = (received + frameSamples - skip) / rate;
    const sinceCreated = (at - session.createdAt) / 1000;
    if (sessionSeconds > sinceCreated + limits.burstSeconds) {
      close(LIVE_CLOSE_CODES.tooFast, `The session would have ${sessionSeconds.toFixed(1)} s of audio ${sinceCreated.toFixed(1)} s after it began: send at real time.`);
      return;
    }
    // this connection's pace: a backlog after an outage goes at most catchUpRate × real time
    const elapsed = (at - startedAt) / 1000;
    if (newSamples / rate > limits.catchUpRate * elapsed + limits.burstSeconds) {
      close(LIVE_CLOSE_CODES.tooFast, `Sent ${(newSamples / rate).toFixed(1)} s of audio in ${elapsed.toFixed(1)} s: send at real time, a backlog at most ${limits.catchUpRate}× real time.`);
      return;
    }
    active.accept(skip === 0 ? bytes : bytes.subarray(skip * 2));
  };

  const onEnd = async () => {
    if (active === undefined || !started) {
      close(LIVE_CLOSE_CODES.badFormat, 'end came before the start message.');
      return;
    }
    const finals = await active.drain();
    send({ type: 'drained', finals });
  };

  const handle = async (data: RawData, isBinary: boolean) => {
    if (closed) return;
    if (isBinary) {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      if (bytes.byteLength > LIVE_MAX_FRAME_BYTES || bytes.byteLength % 2 !== 0) {
        close(LIVE_CLOSE_CODES.badFrame, `A frame must be whole 16-bit samples, at most ${LIVE_MAX_FRAME_BYTES} bytes; this one had ${bytes.byteLength}.`);
        return;
      }
      onAudio(bytes);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      close(LIVE_CLOSE_CODES.badFormat, 'A text message must be JSON: {"type":"start",…} or {"type":"end"}.');
      return;
    }
    const parsed = LiveClientMessage.safeParse(json);
    if (!parsed.success) {
      const type = (json as { type?: unknown } | null)?.type;
      const reason =
        type === 'start'
          ? `Bad start message: send encoding "s16le", channels 1, sampleRate ${rate} and offsetSamples >= 0.`
          : 'Unknown message: send {"type":"start",…}, then binary audio, then {"type":"end"}.';
      close(LIVE_CLOSE_CODES.badFormat, reason);
      return;
    }
    if (parsed.data.type === 'start') {
      if (started || active !== undefined) close(LIVE_CLOSE_CODES.badFormat, 'This connection has already started; reconnect to start again.');
      else await onStart(parsed.data);
    } else {
      await onEnd();
    }
  };

  ws.on('message', (data, isBinary) => {
    lastHeardAt = now();
    // messages are handled one after another (start waits for the recogniser to load); what waits is bounded
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : (data as Buffer | ArrayBuffer).byteLength;
    pendingBytes += size;
    if (pendingBytes > limits.burstSeconds * rate * 2 + LIVE_MAX_FRAME_BYTES) {
      close(LIVE_CLOSE_CODES.tooFast, 'The source sent more audio than the server can hold while it starts; send at real time.');
      return;
    }
    pending = pending
      .then(() => handle(data, isBinary))
      .catch((error: unknown) => {
        options.logger?.error({ sessionId: session.id, err: String(error) }, 'a live audio source failed');
        close(1011, 'The server could not take this audio; reconnect to resume.');
      })
      .finally(() => {
        pendingBytes -= size;
      });
  });
  ws.on('close', () => {
    closed = true;
    cleanup();
    if (active !== undefined) options.logger?.info({ sessionId: session.id, receivedSamples: active.receivedSamples }, 'a live audio source disconnected');
  });
  ws.on('error', () => {
    // 'close' follows
  });

  return {
    sessionId: session.id,
    close,
    get lastHeardAt() {
      return lastHeardAt;
    },
    stopping() {
      stopping = true;
      // a source that never started has nothing to be told
      if (!started) close(LIVE_CLOSE_CODES.sessionEnded, 'The live session was stopped.');
    },
  };
}
