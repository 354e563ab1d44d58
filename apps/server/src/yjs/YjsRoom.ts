import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { Emitter, type Event } from '../queue/Emitter.ts';
import type { DocumentStore } from './DocumentStore.ts';
import { messageAwareness, messageQueryAwareness, messageSync } from './yjsMessages.ts';

/**
 * What a client may do to the document: `read` only (its updates are dropped: not applied, stored nor forwarded),
 * `review` (its updates are accepted only when the room's `acceptReview` allows the change), or `write`.
 */
export type YjsAccess = 'read' | 'review' | 'write';

/** One client of a room, whatever carries its messages. */
export interface YjsPeer {
  readonly access: YjsAccess;
  /** The account behind the connection, when known: review marks a `review` peer sets must name it. */
  readonly userId?: string | undefined;
  /** Sends one y-websocket message to the client. */
  send(message: Uint8Array): void;
  /** Ends the client's connection (the room calls it when it can no longer keep the document). */
  close(): void;
}

/** Options of {@link YjsRoom}. */
export interface YjsRoomOptions {
  /** Try to compact the stored log every this many appended updates (default 100). */
  readonly compactEvery?: number;
  /**
   * Decides a `review` client's update from the document before and after it, and the peer that sent it (default:
   * refuse). For transcripts, `onlyReviewMarksChanged` with the peer's user id.
   */
  readonly acceptReview?: (before: Y.Doc, after: Y.Doc, peer: YjsPeer) => boolean;
}

/** An update a peer was not allowed to make. */
export interface RefusedUpdate {
  readonly peer: YjsPeer;
  readonly bytes: number;
}

/**
 * One shared document (a transcript) and the clients editing it, speaking the y-websocket protocol: sync
 * (step 1, step 2, updates) and awareness. Every update is applied, then appended to the {@link DocumentStore},
 * and only then forwarded to the other clients, so nothing a client has seen from the server is missing from the
 * database. `destroy()` compacts the log and frees the document and awareness.
 *
 * @example
 * const room = new YjsRoom(transcriptId, documents);
 * room.join(peer); room.receive(peer, message); room.leave(peer);
 */
export class YjsRoom {
  readonly docId: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly #store: DocumentStore;
  readonly #compactEvery: number;
  readonly #acceptReview: (before: Y.Doc, after: Y.Doc, peer: YjsPeer) => boolean;
  readonly #peers = new Map<YjsPeer, Set<number>>();
  readonly #onDidBecomeEmpty = new Emitter<YjsRoom>();
  readonly #onDidRefuseUpdate = new Emitter<RefusedUpdate>();
  readonly #onDidFail = new Emitter<unknown>();
  #appended = 0;
  #destroyed = false;

  /** Fires when the last peer left. */
  readonly onDidBecomeEmpty: Event<YjsRoom> = this.#onDidBecomeEmpty.event;
  /** Fires when a peer sent a document update it may not make, which was dropped. */
  readonly onDidRefuseUpdate: Event<RefusedUpdate> = this.#onDidRefuseUpdate.event;
  /** Fires when an update could not be stored; the room then closes every peer and must be destroyed. */
  readonly onDidFail: Event<unknown> = this.#onDidFail.event;

  /** Loads the document's stored updates. */
  constructor(docId: string, store: DocumentStore, options: YjsRoomOptions = {}) {
    this.docId = docId;
    this.#store = store;
    this.#compactEvery = Math.max(1, options.compactEvery ?? 100);
    this.#acceptReview = options.acceptReview ?? (() => false);
    this.doc = store.load(docId);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // the server is not a participant: it shows no cursor
    this.awareness.setLocalState(null);
    this.doc.on('update', this.#handleDocUpdate);
    this.awareness.on('update', this.#handleAwarenessUpdate);
  }

  /** How many peers are in the room. */
  get size(): number {
    return this.#peers.size;
  }

  /** Adds a peer and starts syncing it: the server's state vector, then who else is here. */
  join(peer: YjsPeer): void {
    if (this.#destroyed) throw new Error(`The room of ${this.docId} is closed.`);
    this.#peers.set(peer, new Set());
    const sync = encoding.createEncoder();
    encoding.writeVarUint(sync, messageSync);
    syncProtocol.writeSyncStep1(sync, this.doc);
    peer.send(encoding.toUint8Array(sync));
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length > 0) peer.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)));
  }

  /** Handles one message from a peer. Malformed messages throw; the caller should drop that connection. */
  receive(peer: YjsPeer, message: Uint8Array): void {
    if (this.#destroyed || !this.#peers.has(peer)) return;
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === messageSync) this.#receiveSync(peer, decoder);
    else if (type === messageAwareness) awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), peer);
    else if (type === messageQueryAwareness) {
      const clients = [...this.awareness.getStates().keys()];
      peer.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)));
    }
    // other types (auth) carry nothing the server acts on: authorisation happened on upgrade
  }

  /** Removes a peer and the awareness states (cursors) it controlled; fires `onDidBecomeEmpty` after the last. */
  leave(peer: YjsPeer): void {
    const controlled = this.#peers.get(peer);
    if (controlled === undefined) return;
    this.#peers.delete(peer);
    if (controlled.size > 0 && !this.#destroyed) awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null);
    if (this.#peers.size === 0) this.#onDidBecomeEmpty.fire(this);
  }

  /** Closes every peer, compacts the stored log and frees the document. Safe to call twice. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const peer of [...this.#peers.keys()]) peer.close();
    this.#peers.clear();
    this.doc.off('update', this.#handleDocUpdate);
    this.awareness.off('update', this.#handleAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
    try {
      if (this.#appended > 0) this.#store.compact(this.docId);
    } catch {
      // the log stays valid uncompacted; the next room compacts it
    }
    this.#onDidBecomeEmpty.dispose();
    this.#onDidRefuseUpdate.dispose();
    this.#onDidFail.dispose();
  }

  #receiveSync(peer: YjsPeer, decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    if (step === syncProtocol.messageYjsSyncStep1) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, messageSync);
      syncProtocol.readSyncStep1(decoder, reply, this.doc);
      peer.send(encoding.toUint8Array(reply));
      return;
    }
    if (step !== syncProtocol.messageYjsSyncStep2 && step !== syncProtocol.messageYjsUpdate) return;
    const update = decoding.readVarUint8Array(decoder);
    if (peer.access === 'read' || (peer.access === 'review' && !this.#isAcceptableReview(peer, update))) {
      this.#onDidRefuseUpdate.fire({ peer, bytes: update.length });
      return;
    }
    Y.applyUpdate(this.doc, update, peer);
  }

  // tries the update on a copy; one that waits for missing changes cannot be judged and is refused
  #isAcceptableReview(peer: YjsPeer, update: Uint8Array): boolean {
    const scratch = new Y.Doc();
    try {
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc));
      Y.applyUpdate(scratch, update);
      if (scratch.store.pendingStructs !== null || scratch.store.pendingDs !== null) return false;
      return this.#acceptReview(this.doc, scratch, peer);
    } finally {
      scratch.destroy();
    }
  }

  readonly #handleDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.#destroyed) return;
    try {
      this.#store.append(this.docId, update);
    } catch (error) {
      // memory now holds what the database does not: drop everyone so they resync from the stored state
      this.#onDidFail.fire(error);
      for (const peer of [...this.#peers.keys()]) peer.close();
      return;
    }
    this.#appended += 1;
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, messageSync);
    syncProtocol.writeUpdate(message, update);
    const bytes = encoding.toUint8Array(message);
    for (const peer of this.#peers.keys()) if (peer !== origin) peer.send(bytes);
    if (this.#appended % this.#compactEvery === 0) {
      try {
        this.#store.compact(this.docId);
      } catch {
        // an uncompacted log is still complete; the next attempt compacts it
      }
    }
  };

  readonly #handleAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const controlled = this.#peers.get(origin as YjsPeer);
    if (controlled !== undefined) {
      for (const id of change.added) controlled.add(id);
      for (const id of change.removed) controlled.delete(id);
    }
    const clients = [...change.added, ...change.updated, ...change.removed];
    const message = awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    for (const peer of this.#peers.keys()) peer.send(message);
  };
}

function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

