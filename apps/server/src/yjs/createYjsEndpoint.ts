import type { IncomingMessage } from 'node:http';
import { ROOM_CLOSE_REASONS, ROOM_SCHEMA_PARAM, ROOM_SYNC_PARAM, ROOM_SYNC_V2 } from '@verbatim/core';
import { TRANSCRIPT_SCHEMA_VERSION } from '@verbatim/core/document';
import type * as Y from 'yjs';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type PerMessageDeflateOptions, WebSocketServer, type WebSocket } from 'ws';
import type { AccountStore } from '../auth/AccountStore.ts';
import type { ContentRemover } from '../content/ContentRemover.ts';
import type { Logger } from '../http/Logger.ts';
import type { Disposable } from '../queue/Emitter.ts';
import { acceptTranscriptUpdate } from '../transcripts/acceptTranscriptUpdate.ts';
import { authorizeYjsUpgrade, YJS_PATH_PREFIX, type YjsAuthDeps, type YjsUpgradeDecision } from './authorizeYjsUpgrade.ts';
import type { DocumentStore } from './DocumentStore.ts';
import { handleYjsConnection, type YjsConnection } from './handleYjsConnection.ts';
import type { SyncEncoding } from './SyncReplies.ts';
import { YJS_CLOSE_CODES, YJS_CLOSE_REASONS } from './yjsCloseCodes.ts';
import type { YjsLimits } from './YjsLimits.ts';
import { TokenBucket, type Rate } from './TokenBucket.ts';
import { YjsRoom, type YjsPeer, type YjsRoomOptions } from './YjsRoom.ts';

/** Options of {@link createYjsEndpoint}. */
export interface YjsEndpointOptions extends YjsAuthDeps, YjsRoomOptions {
  readonly documents: DocumentStore;
  readonly logger?: Logger;
  /** See `handleYjsConnection` (default 30 s). */
  readonly pingIntervalMs?: number;
  /** What one connection may cost (see `YjsLimits`; given fields replace the defaults). */
  readonly limits?: Partial<YjsLimits>;
  /** Accounts: a password change or a disabled account then closes the account's connections at once. */
  readonly accounts?: AccountStore;
  /** Removals: a deleted transcript (itself, its recording or its project) then closes its room at once (4404). */
  readonly content?: Pick<ContentRemover, 'onDidRemoveContent'>;
  /**
   * Every open connection's credentials and role are checked again this often (default 60 s), which catches what
   * no event reports: a session or token that expired, a change made by another process on the same database.
   */
  readonly reauthorizeIntervalMs?: number;
  /** Open connections one account may hold, all rooms together (default 20); past it upgrades get 429. */
  readonly maxConnectionsPerAccount?: number;
  /** New connections one account may open (default a burst of 20, then one every 2 s); past it upgrades get 429. */
  readonly connectionsPerAccount?: Rate;
  /**
   * Messages of at least this many bytes are compressed (permessage-deflate) when the client offers it (default
   * 1024); `false` turns compression off.
   */
  readonly compressAbove?: number | false;
}

/**
 * The permessage-deflate settings of the room's WebSocket server. No context is kept between messages on either side,
 * so a connection holds no compression window while idle (memory stays bounded however many are open), and at most
 * 10 messages are (de)compressed at once (zlib runs on libuv's thread pool). `maxPayload` and the connection's byte
 * budget both count inflated bytes: ws stops inflating a message once it exceeds `maxPayload` (1009), so a small
 * compressed bomb costs no more memory than a plain message of that size.
 */
export function roomCompression(threshold: number): PerMessageDeflateOptions {
  return {
    threshold,
    serverNoContextTakeover: true,
    clientNoContextTakeover: true,
    concurrencyLimit: 10,
    zlibDeflateOptions: { level: 6, memLevel: 8 },
  };
}

/** Largest message a client may send, inflated (16 MiB): a whole document's state, with room to spare. */
export const MAX_ROOM_MESSAGE_BYTES = 16 * 1024 * 1024;

/** The close reasons of a client whose document schema differs from the server's (`ROOM_CLOSE_CODES.reloadRequired`). */
export const RELOAD_REASONS = Object.freeze({
  clientOlder: ROOM_CLOSE_REASONS.clientOlder,
  serverOlder: ROOM_CLOSE_REASONS.serverOlder,
} as const);

/** The collaboration endpoint: give it the HTTP server's `upgrade` events. */
export interface YjsEndpoint {
  /**
   * Authorises and upgrades a request to `/yjs/:transcriptId`, or answers it with an HTTP error (401, 403, 404)
   * and closes the socket. Returns false, touching nothing, for paths outside `/yjs/`.
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Documents loaded now (one per transcript with at least one client). */
  readonly roomCount: number;
  /** The loaded document of the transcript's room, current to its last accepted update; undefined when not loaded. */
  liveDocument(transcriptId: string): Y.Doc | undefined;
  /** Closes every connection and room (each room compacts its log) and the WebSocket server. */
  destroy(): void;
}

interface OpenConnection {
  readonly connection: YjsConnection;
  readonly transcriptId: string;
  readonly userId: string;
  /** The session id or API token id it was opened with. */
  readonly credentialId: string;
  /** The upgrade decided again with the same credentials, as if the client connected now. */
  readonly reauthorize: () => YjsUpgradeDecision;
}

/**
 * Serves transcripts as shared Yjs documents over the y-websocket protocol, one room per transcript, loaded on the
 * first join and unloaded when the last client leaves. Only the transcript's own content may be written, and only
 * as the role allows (see `acceptTranscriptUpdate`). Access is not only checked on upgrade: when a member's role
 * changes, a member is removed, a session ends (logout, password change), a token is revoked or an account is
 * disabled, the account's open connections are checked again at once and downgraded in place (editor to reviewer
 * or viewer, the client told so) or closed (4401 credentials gone, 4403 role no longer reads, 4404 no longer a
 * member); when a transcript is deleted its room's connections are closed (4404) and the room unloaded at once; every
 * connection is also checked again every `reauthorizeIntervalMs`. An account may hold `maxConnectionsPerAccount`
 * connections and open them at `connectionsPerAccount` (more get 429), and each connection has its own budgets
 * (`limits`, see `handleYjsConnection`).
 *
 * A client says which document schema it writes (`?schema=`, core's `ROOM_SCHEMA_PARAM`); one that says another, or
 * nothing (a workbench from before), is upgraded only to be closed at once with 4426 (`reloadRequired`) and a reason
 * ({@link RELOAD_REASONS}), before it joins the room: a refused upgrade would reach a browser as a bare 1006 that
 * y-websocket retries forever, while a close code and reason let the workbench ask for a reload. Rooms open their
 * documents through `DocumentStore.open` (schema migration; read-only documents, see `YjsRoom`). A client that asks
 * for it (`?sync=2`, core's `ROOM_SYNC_PARAM`) gets its sync step 2 replies as V2 updates (`MESSAGE_SYNC_STEP2_V2`,
 * half the bytes of a long transcript's first sync), others y-websocket's V1. Messages of
 * `compressAbove` bytes or more are sent compressed ({@link roomCompression}). Several web processes on one
 * PostgreSQL database serve the same transcript as one document when each is given its process's `relay`
 * (`createDocumentRelay`; see `YjsRoom`): its rooms announce what they store and apply what the others stored.
 *
 * @example
 * const yjs = createYjsEndpoint({ documents, transcripts, sessions, tokens, projects, accounts, content });
 * server.on('upgrade', (request, socket, head) => {
 *   if (!yjs.handleUpgrade(request, socket, head)) socket.destroy();
 * });
 */
export function createYjsEndpoint(options: YjsEndpointOptions): YjsEndpoint {
  const compressAbove = options.compressAbove ?? 1024;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_ROOM_MESSAGE_BYTES,
    perMessageDeflate: compressAbove === false ? false : roomCompression(compressAbove),
  });
  const rooms = new Map<string, YjsRoom>();
  const connections = new Set<OpenConnection>();
  const refusals = new WeakMap<YjsPeer, number>();
  const openings = new Map<string, TokenBucket>();
  const openingRate = options.connectionsPerAccount ?? { burst: 20, perSecond: 0.5 };
  const maxPerAccount = options.maxConnectionsPerAccount ?? 20;
  let destroyed = false;

  const roomFor = (transcriptId: string): YjsRoom => {
    const existing = rooms.get(transcriptId);
    if (existing !== undefined) return existing;
    const room = new YjsRoom(transcriptId, options.documents, { acceptUpdate: acceptTranscriptUpdate, ...options });
    rooms.set(transcriptId, room);
    if (room.migrated) options.logger?.info({ transcriptId }, 'migrated a transcript document to the current schema (the old one is kept in doc_backups)');
    if (room.readOnly !== undefined) {
      options.logger?.warn({ transcriptId, problem: room.readOnly.code, detail: room.readOnly.detail }, 'opened a transcript document read-only');
    }
    room.onDidBecomeEmpty(() => {
      rooms.delete(transcriptId);
      room.destroy();
    });
    room.onDidRefuseUpdate(({ peer, bytes, kind, reason }) => {
      // a hostile client can have every message refused: log the first ones, then every power of ten
      const count = (refusals.get(peer) ?? 0) + 1;
      refusals.set(peer, count);
      if (count <= 3 || Number.isInteger(Math.log10(count))) {
        options.logger?.warn({ transcriptId, access: peer.access, bytes, kind, reason, count }, 'refused a document update the connection may not make');
      }
    });
    room.onDidFail((error) => {
      options.logger?.error({ transcriptId, err: String(error) }, 'could not store a document update; closing the room');
      rooms.delete(transcriptId);
      room.destroy();
    });
    return room;
  };

  const recheck = (open: OpenConnection) => {
    let decision: YjsUpgradeDecision;
    try {
      decision = open.reauthorize();
    } catch (error) {
      options.logger?.error({ transcriptId: open.transcriptId, err: String(error) }, 'could not check a collaboration connection again; closing it');
      open.connection.close(1011, 'could not check access');
      return;
    }
    if (decision.ok) {
      if (decision.access !== open.connection.access) {
        options.logger?.info({ transcriptId: open.transcriptId, userId: open.userId, from: open.connection.access, to: decision.access }, 'changed the access of an open collaboration connection');
        open.connection.setAccess(decision.access);
      }
      return;
    }
    const code = decision.status === 401 ? YJS_CLOSE_CODES.unauthenticated : decision.status === 404 ? YJS_CLOSE_CODES.notFound : YJS_CLOSE_CODES.forbidden;
    // the client had the transcript open: it may learn whether it went or its access did (an upgrade's 404 never says)
    const reason = decision.status !== 404 ? decision.code : options.transcripts.get(open.transcriptId) === undefined ? YJS_CLOSE_REASONS.transcriptDeleted : YJS_CLOSE_REASONS.notAMember;
    options.logger?.info({ transcriptId: open.transcriptId, userId: open.userId, code: decision.code }, 'closed a collaboration connection whose access ended');
    open.connection.close(code, reason);
  };
  const recheckWhere = (matches: (open: OpenConnection) => boolean) => {
    for (const open of [...connections]) if (matches(open)) recheck(open);
  };
  // a deleted transcript's room: nothing in it may be read or stored any more
  const closeRoom = (transcriptId: string) => {
    let closed = 0;
    for (const open of [...connections]) {
      if (open.transcriptId !== transcriptId) continue;
      open.connection.close(YJS_CLOSE_CODES.notFound, YJS_CLOSE_REASONS.transcriptDeleted);
      connections.delete(open);
      closed++;
    }
    const room = rooms.get(transcriptId);
    rooms.delete(transcriptId);
    room?.destroy();
    if (room !== undefined || closed > 0) options.logger?.info({ transcriptId, closed }, 'closed the collaboration room of a deleted transcript');
  };
  const subscriptions: Disposable[] = [
    options.projects.onDidChangeMember(({ userId }) => recheckWhere((open) => open.userId === userId)),
    options.sessions.onDidEndSessions(({ sessionId, userId }) => recheckWhere((open) => open.credentialId === sessionId || open.userId === userId)),
    options.tokens.onDidRevokeToken(({ tokenId }) => recheckWhere((open) => open.credentialId === tokenId)),
    ...(options.accounts === undefined ? [] : [options.accounts.onDidChangeAccount(({ userId }) => recheckWhere((open) => open.userId === userId))]),
    ...(options.content === undefined ? [] : [options.content.onDidRemoveContent(({ transcriptIds }) => transcriptIds.forEach((id) => closeRoom(id)))]),
  ];
  const sweep = setInterval(() => {
    recheckWhere(() => true);
    // a full budget is what a new one would be: forget it
    for (const [userId, bucket] of openings) if (bucket.has(openingRate.burst)) openings.delete(userId);
  }, options.reauthorizeIntervalMs ?? 60_000);
  sweep.unref();

  const connect = (socket: WebSocket, decision: YjsUpgradeDecision & { ok: true }, syncEncoding: SyncEncoding, reauthorize: () => YjsUpgradeDecision) => {
    if (destroyed) {
      socket.close(1001, 'server shutting down');
      return;
    }
    const { transcriptId, access, principal } = decision;
    const connection = handleYjsConnection(socket, roomFor(transcriptId), {
      access,
      userId: principal.userId,
      syncEncoding,
      ...(options.pingIntervalMs === undefined ? {} : { pingIntervalMs: options.pingIntervalMs }),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      onError: (error) => options.logger?.warn({ transcriptId, err: String(error) }, 'dropped a connection that sent a malformed message'),
      onLimit: (limit) => options.logger?.warn({ transcriptId, userId: principal.userId, limit }, 'a collaboration connection went over a limit'),
    });
    const open: OpenConnection = { connection, transcriptId, userId: principal.userId, credentialId: principal.credentialId, reauthorize };
    connections.add(open);
    socket.once('close', () => connections.delete(open));
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
      // reconnecting over and over would have the whole document sent each time
      const userId = decision.principal.userId;
      const bucket = openings.get(userId) ?? new TokenBucket(openingRate);
      openings.set(userId, bucket);
      let held = 0;
      for (const open of connections) if (open.userId === userId) held++;
      if (held >= maxPerAccount || !bucket.spend(1)) {
        options.logger?.warn({ userId, held }, 'refused a collaboration connection over the account\'s limit');
        answer(socket, 429, 'too-many-connections', 'This account opens or holds too many collaboration connections; try again shortly.');
        return true;
      }
      const ok = decision;
      // the same address and headers (cookie or token) decided again later, when something about them may have changed
      const snapshot = { url: request.url, headers: request.headers } as IncomingMessage;
      const reload = reloadReason(request);
      wss.handleUpgrade(request, socket, head, (ws) => {
        // accepted only to be told why: a refused upgrade reaches a browser's WebSocket as a bare 1006, retried forever
        if (reload !== undefined) {
          options.logger?.info({ transcriptId: ok.transcriptId, userId, reason: reload }, 'closed a collaboration connection of another document schema');
          ws.close(YJS_CLOSE_CODES.reloadRequired, reload);
          return;
        }
        connect(ws, ok, syncEncodingOf(request), () => authorizeYjsUpgrade(snapshot, options));
      });
      return true;
    },
    liveDocument(transcriptId) {
      return rooms.get(transcriptId)?.doc;
    },
    get roomCount() {
      return rooms.size;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clearInterval(sweep);
      for (const subscription of subscriptions) subscription.dispose();
      for (const open of [...connections]) open.connection.dispose();
      connections.clear();
      for (const room of [...rooms.values()]) room.destroy();
      rooms.clear();
      wss.close();
    },
  };
}

// a client writes the schema it knows in the URL; one that writes another (or says nothing: older code) must reload
function reloadReason(request: IncomingMessage): string | undefined {
  const value = new URL(request.url ?? '/', 'http://localhost').searchParams.get(ROOM_SCHEMA_PARAM);
  const schema = value !== null && /^[0-9]{1,6}$/u.test(value) ? Number(value) : 0;
  if (schema < TRANSCRIPT_SCHEMA_VERSION) return RELOAD_REASONS.clientOlder;
  if (schema > TRANSCRIPT_SCHEMA_VERSION) return RELOAD_REASONS.serverOlder;
  return undefined;
}

// a workbench asks for its sync step 2 replies as V2 updates (`?sync=2`); other clients read y-websocket's V1
function syncEncodingOf(request: IncomingMessage): SyncEncoding {
  return new URL(request.url ?? '/', 'http://localhost').searchParams.get(ROOM_SYNC_PARAM) === ROOM_SYNC_V2 ? 2 : 1;
}

/** Refuses a WebSocket upgrade: the handshake has not happened yet, so a refusal is a plain HTTP response on the raw socket. */
export function answer(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(status === 401 ? ['WWW-Authenticate: Bearer'] : []),
    ...(status === 429 ? ['Retry-After: 2'] : []),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
