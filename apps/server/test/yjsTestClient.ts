// Test helper: a y-websocket client over a real WebSocket that also lets a test send whatever bytes it likes, read
// nothing, and see how the server closed it.
import { MESSAGE_DOCUMENT_NOTICE, MESSAGE_SYNC_STEP2_V2, ROOM_SCHEMA_PARAM, ROOM_SYNC_PARAM, ROOM_SYNC_V2 } from '@verbatim/core';
import { TRANSCRIPT_SCHEMA_VERSION } from '@verbatim/core/document';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket as WsClient } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { until } from './yjsTestHelpers.ts';
import { messageAccess, messageAwareness, messageSync } from '../src/yjs/yjsMessages.ts';

const SERVER = Symbol('server');

export interface YjsTestClientOptions {
  /** Extra handshake headers (a session cookie, an Authorization header). */
  readonly headers?: Record<string, string>;
  /** Wait for the first sync before resolving (default true). */
  readonly sync?: boolean;
  /**
   * The document schema the client says it writes (`?schema=`, default the current one); null sends none, as a
   * workbench from before schema versions did.
   */
  readonly schema?: number | null;
  /** Offer permessage-deflate (default true, as browsers do). */
  readonly compress?: boolean;
  /** Ask for sync step 2 replies as V2 updates (`?sync=2`, as the workbench does; default false: y-websocket's V1). */
  readonly syncV2?: boolean;
}

export class YjsTestClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly socket: WsClient;
  /** How the server closed the socket. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Messages and bytes received so far, by y-websocket message type. */
  readonly received = { messages: 0, bytes: 0, syncReplies: 0, awareness: 0 };
  isClosed = false;
  synced = false;
  /** What the server said this connection may now do (`messageAccess`), in the order it said it. */
  readonly accessChanges: string[] = [];
  /** What the server said about the document (`MESSAGE_DOCUMENT_NOTICE`: why it is read-only). */
  readonly notices: string[] = [];

  private constructor(socket: WsClient) {
    this.socket = socket;
    this.awareness.setLocalState(null);
    this.closed = new Promise((resolve) => {
      socket.once('close', (code, reason) => {
        this.isClosed = true;
        resolve({ code, reason: reason.toString() });
      });
    });
    socket.on('message', (data: Buffer) => this.#receive(new Uint8Array(data)));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === SERVER) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      syncProtocol.writeUpdate(encoder, update);
      this.send(encoding.toUint8Array(encoder));
    });
  }

  /** Opens `url` (a full `ws://…/yjs/<id>?token=…` address) and, unless told otherwise, waits until it is in sync. */
  static async open(url: string, options: YjsTestClientOptions = {}): Promise<YjsTestClient> {
    const address = new URL(withSchema(url, options.schema === undefined ? TRANSCRIPT_SCHEMA_VERSION : options.schema));
    if (options.syncV2 === true) address.searchParams.set(ROOM_SYNC_PARAM, ROOM_SYNC_V2);
    const socket = new WsClient(address.toString(), { headers: options.headers ?? {}, perMessageDeflate: options.compress ?? true });
    // the server may speak first (a read-only room's notice): what arrives with the handshake is kept for the client
    const early: Buffer[] = [];
    const keep = (data: Buffer) => early.push(data);
    socket.on('message', keep);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const client = new YjsTestClient(socket);
    socket.off('message', keep);
    for (const data of early) client.#receive(new Uint8Array(data));
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, messageSync);
    syncProtocol.writeSyncStep1(step1, client.doc);
    client.send(encoding.toUint8Array(step1));
    if (options.sync !== false) await until(undefined, () => client.synced || client.isClosed, 'the first sync');
    return client;
  }

  /** Bytes the socket has received on the wire so far (frames as sent: compressed ones compressed). */
  get wireBytesRead(): number {
    return (this.socket as unknown as { _socket?: { bytesRead: number } })._socket?.bytesRead ?? 0;
  }

  send(message: Uint8Array): void {
    if (this.socket.readyState === WsClient.OPEN) this.socket.send(message);
  }

  /** Sends a raw document update. */
  sendUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeUpdate(encoder, update);
    this.send(encoding.toUint8Array(encoder));
  }

  /** Sends a presence update for `clientId` with `clock` and `state` (any client id: this is how one would forge it). */
  sendAwareness(clientId: number, clock: number, state: unknown): void {
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1);
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, messageAwareness);
    encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
    this.send(encoding.toUint8Array(message));
  }

  /** Sets this client's own presence and sends it, the way a provider does. */
  announce(state: Record<string, unknown>): void {
    this.awareness.setLocalState(state);
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, messageAwareness);
    encoding.writeVarUint8Array(message, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
    this.send(encoding.toUint8Array(message));
  }

  /** A sync step 1 with an empty state vector: "send me the whole document". */
  requestEverything(): void {
    this.send(new Uint8Array([messageSync, syncProtocol.messageYjsSyncStep1, 1, 0]));
  }

  close(): void {
    this.socket.close();
    this.awareness.destroy();
    this.doc.destroy();
  }

  #receive(message: Uint8Array): void {
    this.received.messages++;
    this.received.bytes += message.byteLength;
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === messageAwareness) {
      this.received.awareness++;
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), SERVER);
      return;
    }
    if (type === messageAccess) {
      this.accessChanges.push(decoding.readVarString(decoder));
      return;
    }
    if (type === MESSAGE_DOCUMENT_NOTICE) {
      this.notices.push(decoding.readVarString(decoder));
      return;
    }
    if (type === MESSAGE_SYNC_STEP2_V2) {
      Y.applyUpdateV2(this.doc, decoding.readVarUint8Array(decoder), SERVER);
      this.received.syncReplies++;
      this.synced = true;
      return;
    }
    if (type !== messageSync) return;
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, messageSync);
    const step = syncProtocol.readSyncMessage(decoder, reply, this.doc, SERVER);
    if (step === syncProtocol.messageYjsSyncStep2) {
      this.received.syncReplies++;
      this.synced = true;
    }
    if (encoding.length(reply) > 1) this.send(encoding.toUint8Array(reply));
  }
}

/** `url` with the room's schema parameter set to `schema` (or left out when null). */
export function withSchema(url: string, schema: number | null = TRANSCRIPT_SCHEMA_VERSION): string {
  const parsed = new URL(url);
  if (schema === null) parsed.searchParams.delete(ROOM_SCHEMA_PARAM);
  else parsed.searchParams.set(ROOM_SCHEMA_PARAM, String(schema));
  return parsed.toString();
}
