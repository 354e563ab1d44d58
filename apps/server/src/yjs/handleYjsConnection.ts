import { WebSocket, type RawData } from 'ws';
import type { Disposable } from '../queue/Emitter.ts';
import type { YjsAccess, YjsPeer, YjsRoom } from './YjsRoom.ts';

/** Options of {@link handleYjsConnection}. */
export interface HandleYjsConnectionOptions {
  /** What the client may change (viewers: `read`, their document updates are dropped). */
  readonly access: YjsAccess;
  /** The account behind the connection (see `YjsPeer.userId`). */
  readonly userId?: string | undefined;
  /** A socket that has not answered the previous ping when the next is due is dropped (default 30 s). */
  readonly pingIntervalMs?: number;
  /** A message the room could not read; the connection is then closed. */
  readonly onError?: (error: unknown) => void;
}

/** Close code for a message that is not y-websocket protocol (RFC 6455 "invalid frame payload data"). */
const INVALID_PAYLOAD = 1007;
const GOING_AWAY = 1001;

/**
 * Serves one open WebSocket as a peer of `room` until it closes: forwards its messages, sends the room's, pings
 * it to notice dead connections, and leaves the room (taking its cursors with it) on close. Disposing closes the
 * socket.
 *
 * @example
 * wss.handleUpgrade(request, socket, head, (ws) => handleYjsConnection(ws, room, { access: 'write' }));
 */
export function handleYjsConnection(socket: WebSocket, room: YjsRoom, options: HandleYjsConnectionOptions): Disposable {
  let alive = true;
  let closed = false;
  const peer: YjsPeer = {
    access: options.access,
    userId: options.userId,
    send(message) {
      if (socket.readyState !== WebSocket.OPEN) return;
      socket.send(message, (error) => {
        if (error !== undefined && error !== null) socket.terminate();
      });
    },
    close() {
      socket.close(GOING_AWAY, 'document closed');
    },
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
  const onClose = () => {
    if (closed) return;
    closed = true;
    clearInterval(ping);
    room.leave(peer);
  };
  socket.on('pong', () => {
    alive = true;
  });
  socket.on('message', (data: RawData, isBinary: boolean) => {
    try {
      if (!isBinary) throw new Error('y-websocket messages are binary');
      room.receive(peer, toBytes(data));
    } catch (error) {
      options.onError?.(error);
      socket.close(INVALID_PAYLOAD, 'not a y-websocket message');
    }
  });
  socket.on('close', onClose);
  socket.on('error', () => socket.terminate());
  room.join(peer);
  return {
    dispose() {
      socket.close(GOING_AWAY, 'server shutting down');
      onClose();
    },
  };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
