import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket, type RawData } from 'ws';
import type { Disposable } from '../queue/Emitter.ts';
import { TokenBucket } from './TokenBucket.ts';
import { YJS_CLOSE_CODES } from './yjsCloseCodes.ts';
import type { SyncEncoding } from './SyncReplies.ts';
import { DEFAULT_YJS_LIMITS, type YjsLimits } from './YjsLimits.ts';
import { messageAwareness, messageSync, writeAccess } from './yjsMessages.ts';
import type { YjsAccess, YjsPeer, YjsRoom } from './YjsRoom.ts';

/** A limit a connection ran into (see {@link YjsLimits}). */
export type YjsLimitName = 'messages' | 'bytes' | 'syncRequests' | 'awarenessBytes' | 'serverMs' | 'maxBufferedBytes';

/** Options of {@link handleYjsConnection}. */
export interface HandleYjsConnectionOptions {
  /** What the client may change (viewers: `read`, their document updates are dropped). */
  readonly access: YjsAccess;
  /** The account behind the connection (see `YjsPeer.userId`). */
  readonly userId?: string | undefined;
  /** How the client reads sync step 2 replies (see `YjsPeer.syncEncoding`; default `1`, y-websocket's V1). */
  readonly syncEncoding?: SyncEncoding;
  /** A socket that has not answered the previous ping when the next is due is dropped (default 30 s). */
  readonly pingIntervalMs?: number;
  /** What the connection may cost (default {@link DEFAULT_YJS_LIMITS}; given fields replace the defaults). */
  readonly limits?: Partial<YjsLimits>;
  /** A message the room could not read; the connection is then closed. */
  readonly onError?: (error: unknown) => void;
  /** The connection went over a limit: it was closed, or (presence bytes) its message was dropped. */
  readonly onLimit?: (limit: YjsLimitName) => void;
}

/** One served connection: dispose it to close it as the server shuts down. */
export interface YjsConnection extends Disposable {
  /** What the client may change now. */
  readonly access: YjsAccess;
  /**
   * Changes what the client may do from its next message on (a role changed) and tells the client (`messageAccess`),
   * so that it stops making changes the server would refuse; the socket stays open.
   */
  setAccess(access: YjsAccess): void;
  /** Closes the socket with `code` and leaves the room at once: nothing more is handled from it or sent to it. */
  close(code: number, reason: string): void;
}

/** Close code for a message that is not y-websocket protocol (RFC 6455 "invalid frame payload data"). */
const INVALID_PAYLOAD = 1007;
const GOING_AWAY = 1001;
/** How long a closing socket may take to finish the closing handshake before it is cut. */
const CLOSE_GRACE_MS = 2000;

/**
 * Serves one open WebSocket as a peer of `room` until it closes: forwards its messages, sends the room's, pings
 * it to notice dead connections, and leaves the room (taking its cursors with it) on close. Every connection has
 * budgets (see {@link YjsLimits}): messages, bytes, sync requests and server time, past which it is closed with
 * 4429; presence bytes, past which its presence messages are dropped; and bytes waiting to be sent to it, past which
 * it is closed with 4408 rather than buffered more. Disposing closes the socket.
 *
 * @example
 * wss.handleUpgrade(request, socket, head, (ws) => handleYjsConnection(ws, room, { access: 'write' }));
 */
export function handleYjsConnection(socket: WebSocket, room: YjsRoom, options: HandleYjsConnectionOptions): YjsConnection {
  const limits: YjsLimits = { ...DEFAULT_YJS_LIMITS, ...options.limits };
  const budgets = {
    messages: new TokenBucket(limits.messages),
    bytes: new TokenBucket(limits.bytes),
    syncRequests: new TokenBucket(limits.syncRequests),
    awarenessBytes: new TokenBucket(limits.awarenessBytes),
    serverMs: new TokenBucket(limits.serverMs),
  };
  let alive = true;
  let left = false;
  let closing = false;
  let cut: NodeJS.Timeout | undefined;
  const peer: YjsPeer = {
    access: options.access,
    userId: options.userId,
    syncEncoding: options.syncEncoding ?? 1,
    send(message) {
      if (closing || socket.readyState !== WebSocket.OPEN) return;
      const waiting = socket.bufferedAmount;
      if (waiting > 0 && waiting + message.byteLength > limits.maxBufferedBytes) {
        overLimit('maxBufferedBytes', YJS_CLOSE_CODES.tooSlow, 'too many bytes wait to be sent: the client does not read');
        return;
      }
      socket.send(message, (error) => {
        if (error !== undefined && error !== null) socket.terminate();
      });
    },
    close() {
      end(GOING_AWAY, 'document closed');
    },
  };
  const leave = () => {
    if (left) return;
    left = true;
    clearInterval(ping);
    room.leave(peer);
  };
  const end = (code: number, reason: string) => {
    if (closing) return;
    closing = true;
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(code, reason);
    // after the message being handled, if any: the room may still be using this peer
    queueMicrotask(leave);
    // a client that does not read would not read the close frame either
    cut = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
    cut.unref();
  };
  const overLimit = (limit: YjsLimitName, code: number, reason: string) => {
    options.onLimit?.(limit);
    end(code, reason);
  };
  const ping = setInterval(() => {
    // no pong since the last ping: the other end is gone without saying so
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, options.pingIntervalMs ?? 30_000);
  socket.on('pong', () => {
    alive = true;
  });
  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (closing) return;
    const bytes = toBytes(data);
    if (!budgets.messages.spend(1)) return overLimit('messages', YJS_CLOSE_CODES.rateLimited, 'too many messages');
    if (!budgets.bytes.spend(bytes.byteLength)) return overLimit('bytes', YJS_CLOSE_CODES.rateLimited, 'too many bytes');
    try {
      if (!isBinary) throw new Error('y-websocket messages are binary');
      const kind = kindOf(bytes);
      if (kind === 'sync-request' && !budgets.syncRequests.spend(1)) return overLimit('syncRequests', YJS_CLOSE_CODES.rateLimited, 'too many sync requests');
      if (kind === 'awareness' && !budgets.awarenessBytes.has(bytes.byteLength)) {
        // presence is refreshed all the time: dropping some costs a cursor a moment, not the connection
        options.onLimit?.('awarenessBytes');
        return;
      }
      if (kind === 'awareness') budgets.awarenessBytes.spend(bytes.byteLength);
      // CPU time of this thread, not wall time: on a busy machine an honest client's message may wait off the CPU
      // (preempted, or blocked on the database) for far longer than it costs, and must not be charged for that wait
      const started = process.threadCpuUsage();
      room.receive(peer, bytes);
      const used = process.threadCpuUsage(started);
      if (!budgets.serverMs.spend((used.user + used.system) / 1000)) overLimit('serverMs', YJS_CLOSE_CODES.rateLimited, 'too much server time');
    } catch (error) {
      options.onError?.(error);
      end(INVALID_PAYLOAD, 'not a y-websocket message');
    }
  });
  socket.on('close', () => {
    closing = true;
    clearTimeout(cut);
    leave();
  });
  socket.on('error', (error) => {
    // a frame ws refused (over maxPayload once inflated, invalid): ws is already closing with the code that says why
    if (socket.readyState === WebSocket.CLOSING) {
      options.onError?.(error);
      closing = true;
      clearTimeout(cut);
      cut = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
      cut.unref();
      return;
    }
    socket.terminate();
  });
  room.join(peer);
  return {
    get access() {
      return peer.access;
    },
    setAccess(access) {
      if (access === peer.access) return;
      peer.access = access;
      // a read-only document's room told the client `read` when it joined, and refuses everyone's changes anyway
      if (room.readOnly !== undefined) return;
      const message = encoding.createEncoder();
      writeAccess(message, access);
      peer.send(encoding.toUint8Array(message));
    },
    close: end,
    dispose() {
      end(GOING_AWAY, 'server shutting down');
      leave();
    },
  };
}

// what a message asks of the server, read from its first fields
function kindOf(message: Uint8Array): 'sync-request' | 'sync' | 'awareness' | 'other' {
  const decoder = decoding.createDecoder(message);
  const type = decoding.readVarUint(decoder);
  if (type === messageAwareness) return 'awareness';
  if (type !== messageSync) return 'other';
  return decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep1 ? 'sync-request' : 'sync';
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
