import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../http/Logger.ts';
import { onlyReviewMarksChanged } from '../transcripts/onlyReviewMarksChanged.ts';
import type { Disposable } from '../queue/Emitter.ts';
import { authorizeYjsUpgrade, YJS_PATH_PREFIX, type YjsAuthDeps } from './authorizeYjsUpgrade.ts';
import type { DocumentStore } from './DocumentStore.ts';
import { handleYjsConnection } from './handleYjsConnection.ts';
import { YjsRoom, type YjsAccess, type YjsRoomOptions } from './YjsRoom.ts';

/** Options of {@link createYjsEndpoint}. */
export interface YjsEndpointOptions extends YjsAuthDeps, YjsRoomOptions {
  readonly documents: DocumentStore;
  readonly logger?: Logger;
  /** See `handleYjsConnection` (default 30 s). */
  readonly pingIntervalMs?: number;
}

/** The collaboration endpoint: give it the HTTP server's `upgrade` events. */
export interface YjsEndpoint {
  /**
   * Authorises and upgrades a request to `/yjs/:transcriptId`, or answers it with an HTTP error (401, 403, 404)
   * and closes the socket. Returns false, touching nothing, for paths outside `/yjs/`.
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Documents loaded now (one per transcript with at least one client). */
  readonly roomCount: number;
  /** Closes every connection and room (each room compacts its log) and the WebSocket server. */
  destroy(): void;
}

/**
 * Serves transcripts as shared Yjs documents over the y-websocket protocol, one room per transcript, loaded on the
 * first join and unloaded when the last client leaves.
 *
 * @example
 * const yjs = createYjsEndpoint({ documents, transcripts, sessions, tokens, projects });
 * server.on('upgrade', (request, socket, head) => {
 *   if (!yjs.handleUpgrade(request, socket, head)) socket.destroy();
 * });
 */
export function createYjsEndpoint(options: YjsEndpointOptions): YjsEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const rooms = new Map<string, YjsRoom>();
  const connections = new Set<Disposable>();
  let destroyed = false;

  const roomFor = (transcriptId: string): YjsRoom => {
    const existing = rooms.get(transcriptId);
    if (existing !== undefined) return existing;
    const room = new YjsRoom(transcriptId, options.documents, {
      // a reviewer's marks must name the reviewer: no one records a review in someone else's name
      acceptReview: (before, after, peer) => onlyReviewMarksChanged(before, after, { userId: peer.userId }),
      ...options,
    });
    rooms.set(transcriptId, room);
    room.onDidBecomeEmpty(() => {
      rooms.delete(transcriptId);
      room.destroy();
    });
    room.onDidRefuseUpdate(({ peer, bytes }) => options.logger?.warn({ transcriptId, access: peer.access, bytes }, 'refused a document update the connection may not make'));
    room.onDidFail((error) => {
      options.logger?.error({ transcriptId, err: String(error) }, 'could not store a document update; closing the room');
      rooms.delete(transcriptId);
      room.destroy();
    });
    return room;
  };

  const connect = (socket: WebSocket, transcriptId: string, access: YjsAccess, userId: string) => {
    if (destroyed) {
      socket.close(1001, 'server shutting down');
      return;
    }
    const connection = handleYjsConnection(socket, roomFor(transcriptId), {
      access,
      userId,
      ...(options.pingIntervalMs === undefined ? {} : { pingIntervalMs: options.pingIntervalMs }),
      onError: (error) => options.logger?.warn({ transcriptId, err: String(error) }, 'dropped a connection that sent a malformed message'),
    });
    connections.add(connection);
    socket.once('close', () => connections.delete(connection));
  };

  return {
    handleUpgrade(request, socket, head) {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (!path.startsWith(YJS_PATH_PREFIX)) return false;
      if (destroyed) {
        answer(socket, 503, 'shutting-down', 'The server is shutting down.');
        return true;
      }
      let decision;
      try {
        decision = authorizeYjsUpgrade(request, options);
      } catch (error) {
        options.logger?.error({ err: String(error) }, 'could not authorise a collaboration upgrade');
        answer(socket, 500, 'internal', 'The server could not open this transcript.');
        return true;
      }
      if (!decision.ok) {
        answer(socket, decision.status, decision.code, decision.message);
        return true;
      }
      const { transcriptId, access, principal } = decision;
      wss.handleUpgrade(request, socket, head, (ws) => connect(ws, transcriptId, access, principal.userId));
      return true;
    },
    get roomCount() {
      return rooms.size;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const connection of [...connections]) connection.dispose();
      connections.clear();
      for (const room of [...rooms.values()]) room.destroy();
      rooms.clear();
      wss.close();
    },
  };
}

// the handshake has not happened yet, so a refusal is a plain HTTP response on the raw socket
function answer(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(status === 401 ? ['WWW-Authenticate: Bearer'] : []),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
