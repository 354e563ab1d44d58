import { MESSAGE_DOCUMENT_NOTICE } from '@verbatim/core';
import { TRANSCRIPT_META, TRANSCRIPT_ROOT, TRANSCRIPT_SCHEMA_KEY, TRANSCRIPT_SCHEMA_VERSION, transcriptDocVersion } from '@verbatim/core/document';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { Emitter, type Disposable, type Event } from '../queue/Emitter.ts';
import { markReadOnly, type ReadOnlyDocument } from '../transcripts/ReadOnlyDocument.ts';
import { readAwarenessEntries, writeAwarenessEntries, type AwarenessEntry } from './awarenessEntries.ts';
import { ClientIdOwners } from './ClientIdOwners.ts';
import type { DocumentStore } from './DocumentStore.ts';
import { NO_RELAY, type DocumentRelay } from './relay/DocumentRelay.ts';
import { inspectUpdate, type UpdateInspection } from './inspectUpdate.ts';
import { SyncReplies, type SyncEncoding } from './SyncReplies.ts';
import { messageAwareness, messageQueryAwareness, messageSync, writeAccess } from './yjsMessages.ts';

/**
 * What a client may do to the document: `read` only (its updates are dropped: not applied, stored nor forwarded),
 * `review` (its updates are accepted only when the room's `acceptUpdate` allows the change), or `write`.
 */
export type YjsAccess = 'read' | 'review' | 'write';

/** One client of a room, whatever carries its messages. */
export interface YjsPeer {
  /** Read on every message, so changing it (a role changed) takes effect on the next one. */
  access: YjsAccess;
  /** The account behind the connection, when known: review marks a `review` peer sets must name it. */
  readonly userId?: string | undefined;
  /**
   * How the client reads sync step 2 replies (default `1`: y-websocket's V1 `messageSync`; `2`: core's
   * `MESSAGE_SYNC_STEP2_V2`, for a client that asked for it). Everything else the room sends is V1.
   */
  readonly syncEncoding?: SyncEncoding | undefined;
  /** Sends one y-websocket message to the client. */
  send(message: Uint8Array): void;
  /** Ends the client's connection (the room calls it when it can no longer keep the document). */
  close(): void;
}

/** Options of {@link YjsRoom}. */
export interface YjsRoomOptions {
  /**
   * Try to compact the stored log every this many appended updates (default 100), once the bytes appended since the
   * last compaction reach a quarter of the document's size then (so a large document is not re-encoded for every
   * few small changes).
   */
  readonly compactEvery?: number;
  /**
   * Decides a `review` or `write` client's update from what it would do (see `inspectUpdate`) before anything is
   * applied. Default: `write` may do anything, `review` nothing. For transcripts, see `acceptTranscriptUpdate`.
   */
  readonly acceptUpdate?: (doc: Y.Doc, inspection: UpdateInspection, peer: YjsPeer) => boolean;
  /** Largest presence (awareness) state of one client, as JSON bytes (default 8 KiB); larger ones are dropped. */
  readonly maxAwarenessStateBytes?: number;
  /** Client ids (Yjs `clientID`s, for presence and for document changes) one connection may claim (default 8). */
  readonly maxClientIdsPerPeer?: number;
  /** Document structs a `review` update's deletions may cover before it is refused unjudged (default 100,000). */
  readonly maxDeletesWalked?: number;
  /**
   * Other server processes serving the same database (see `createDocumentRelay`): the room announces its clients'
   * presence, and applies what the others stored (read from the database after the last row it holds, when a row is
   * announced) and their clients' presence. Default: none (one process).
   */
  readonly relay?: DocumentRelay;
}

/** Why an update was dropped. */
export type RefusalReason =
  /** The peer may not change the document (`read`), or no one may (the room's `readOnly`). */
  | 'read-only'
  /** `acceptUpdate` refused the change. */
  | 'not-allowed'
  /** It needs changes the document lacks (such as an earlier refused one of the same client): it cannot be judged. */
  | 'incomplete'
  /** It writes under (or announces presence for) a client id another account holds, or more ids than a peer may hold. */
  | 'client-id'
  /** A presence state larger than `maxAwarenessStateBytes`. */
  | 'too-large';

/** An update a peer was not allowed to make. */
export interface RefusedUpdate {
  readonly peer: YjsPeer;
  readonly bytes: number;
  /** A document update, or a presence (awareness) entry. */
  readonly kind: 'document' | 'awareness';
  readonly reason: RefusalReason;
}

interface PeerState {
  /** Client ids whose presence this connection controls now (removed when it leaves). */
  readonly awareness: Set<number>;
  /** The last sync reply sent to it: the same one again would tell it nothing new. */
  lastReply: Uint8Array | undefined;
}

/**
 * One shared document (a transcript) and the clients editing it, speaking the y-websocket protocol: sync
 * (step 1, step 2, updates) and awareness. Every update is judged before it is applied (`acceptUpdate`, from the
 * update's own structs; one that waits for changes the document lacks is refused, never held), then applied, appended to the {@link DocumentStore}, and only then forwarded to the
 * other clients, so nothing a client has seen from the server is missing from the database. Sync replies are
 * encoded once per document version (and encoding: a client that asked for it gets them as V2 updates, see
 * `YjsPeer.syncEncoding`) and shared by every client that asks; a client asking again for the reply it was
 * just sent gets nothing. A client id belongs to the first
 * account that uses it (for presence or for changes) while the room lives, so no one can overwrite another's
 * presence or write under another's id. `destroy()` compacts the log and frees the document and awareness.
 *
 * The document is opened through `DocumentStore.open`: one stored in an older transcript schema is migrated first.
 * One that cannot be edited (invalid, newer schema, failed migration: {@link YjsRoom.readOnly}) is served read-only
 * to everyone: each peer is told `read` (`messageAccess`) and why (`MESSAGE_DOCUMENT_NOTICE`), every document
 * update is refused, presence still flows, and nothing is ever written back. The first change written into an empty
 * transcript document also records its schema version (the server's own change, stored and forwarded like any).
 *
 * Several server processes on one database (`relay`): each stored update is announced by its row id as it is
 * committed (by `DocumentStore.append` on PostgreSQL), and the rooms of the same document in other processes read
 * every row after the last one they hold and apply them without storing them again (so a lost announcement is made up
 * by the next one, and compaction, which keeps the last row id of what it merges, loses nothing); presence changes of
 * a room's own clients travel inline, and a process that dies takes its clients' presence with it when the others'
 * awareness times it out (30 s).
 *
 * @example
 * const room = new YjsRoom(transcriptId, documents);
 * room.join(peer); room.receive(peer, message); room.leave(peer);
 */
export class YjsRoom {
  readonly docId: string;
  readonly doc: Y.Doc;
  /** Set when no one may change the document, and why (see `DocumentStore.open`). */
  readonly readOnly: ReadOnlyDocument | undefined;
  /** True when the document was stored in an older schema and migrated as the room opened it. */
  readonly migrated: boolean;
  readonly awareness: awarenessProtocol.Awareness;
  readonly #store: DocumentStore;
  readonly #compactEvery: number;
  readonly #acceptUpdate: (doc: Y.Doc, inspection: UpdateInspection, peer: YjsPeer) => boolean;
  readonly #maxAwarenessStateBytes: number;
  readonly #maxDeletesWalked: number;
  readonly #peers = new Map<YjsPeer, PeerState>();
  readonly #owners: ClientIdOwners<YjsPeer>;
  readonly #awarenessPeer = new Map<number, YjsPeer>();
  readonly #replies: SyncReplies;
  readonly #onDidBecomeEmpty = new Emitter<YjsRoom>();
  readonly #onDidRefuseUpdate = new Emitter<RefusedUpdate>();
  readonly #onDidFail = new Emitter<unknown>();
  readonly #relay: DocumentRelay | undefined;
  readonly #relayed: Disposable | undefined;
  #seq: number;
  // the document holds every stored row up to this one: other processes' rows are read from here on
  #complete: number;
  // someone else appended to the log: the document no longer holds all of it, so compaction must read the log
  #foreign = false;
  #appended = 0;
  #appendedSinceCompaction = 0;
  #bytesSinceCompaction = 0;
  #compactedBytes: number;
  #destroyed = false;

  /** Fires when the last peer left. */
  readonly onDidBecomeEmpty: Event<YjsRoom> = this.#onDidBecomeEmpty.event;
  /** Fires when a peer sent a document update or presence it may not send, which was dropped. */
  readonly onDidRefuseUpdate: Event<RefusedUpdate> = this.#onDidRefuseUpdate.event;
  /** Fires when an update could not be stored; the room then closes every peer and must be destroyed. */
  readonly onDidFail: Event<unknown> = this.#onDidFail.event;

  /** Loads the document's stored updates. */
  constructor(docId: string, store: DocumentStore, options: YjsRoomOptions = {}) {
    this.docId = docId;
    this.#store = store;
    this.#compactEvery = Math.max(1, options.compactEvery ?? 100);
    this.#acceptUpdate = options.acceptUpdate ?? ((_doc, _inspection, peer) => peer.access === 'write');
    this.#maxAwarenessStateBytes = options.maxAwarenessStateBytes ?? 8 * 1024;
    this.#maxDeletesWalked = options.maxDeletesWalked ?? 100_000;
    // the single process's relay has nothing to say: the room then works exactly as without one
    this.#relay = options.relay === NO_RELAY ? undefined : options.relay;
    // read before the document: a row another process stores meanwhile is then read again below, never skipped
    this.#complete = this.#relay === undefined ? 0 : store.lastSeq(docId);
    const opened = store.open(docId);
    this.doc = opened.doc;
    this.readOnly = opened.readOnly;
    this.migrated = opened.migrated;
    if (opened.readOnly !== undefined) markReadOnly(this.doc, opened.readOnly);
    this.#seq = store.lastSeq(docId);
    this.#compactedBytes = store.byteLength(docId);
    this.#owners = new ClientIdOwners({ reserved: this.doc.clientID, maxPerPeer: options.maxClientIdsPerPeer ?? 8, ownerOf: (peer) => peer.userId ?? peer });
    this.#replies = new SyncReplies(this.doc);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // the server is not a participant: it shows no cursor
    this.awareness.setLocalState(null);
    this.doc.on('update', this.#handleDocUpdate);
    this.awareness.on('update', this.#handleAwarenessUpdate);
    if (this.#relay !== undefined) {
      // like opening the document, reading what was stored meanwhile throws to the caller when it fails; nothing can
      // be announced between this read and the subscription (both run in this turn)
      this.#apply(store.updatesAfter(docId, this.#complete));
      this.#relayed = this.#relay.subscribe(docId, {
        update: (rowId) => this.#catchUp(rowId),
        awareness: (update, owner) => this.#applyRelayedAwareness(update, owner),
        resync: () => this.#catchUp(),
      });
    }
  }

  /** How many peers are in the room. */
  get size(): number {
    return this.#peers.size;
  }

  /** Adds a peer and starts syncing it: the server's state vector, then who else is here. */
  join(peer: YjsPeer): void {
    if (this.#destroyed) throw new Error(`The room of ${this.docId} is closed.`);
    this.#peers.set(peer, { awareness: new Set(), lastReply: undefined });
    if (this.readOnly !== undefined) {
      const access = encoding.createEncoder();
      writeAccess(access, 'read');
      peer.send(encoding.toUint8Array(access));
      const notice = encoding.createEncoder();
      encoding.writeVarUint(notice, MESSAGE_DOCUMENT_NOTICE);
      encoding.writeVarString(notice, this.readOnly.notice);
      peer.send(encoding.toUint8Array(notice));
    }
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
    else if (type === messageAwareness) this.#receiveAwareness(peer, decoding.readVarUint8Array(decoder));
    else if (type === messageQueryAwareness) {
      const clients = [...this.awareness.getStates().keys()];
      peer.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)));
    }
    // other types (auth) carry nothing the server acts on: authorisation happened on upgrade
  }

  /** Removes a peer and the awareness states (cursors) it controlled; fires `onDidBecomeEmpty` after the last. */
  leave(peer: YjsPeer): void {
    const state = this.#peers.get(peer);
    if (state === undefined) return;
    this.#peers.delete(peer);
    this.#owners.release(peer);
    const controlled = [...state.awareness].filter((id) => this.#awarenessPeer.get(id) === peer);
    for (const id of controlled) this.#awarenessPeer.delete(id);
    if (controlled.length > 0 && !this.#destroyed) {
      awarenessProtocol.removeAwarenessStates(this.awareness, controlled, null);
      // (an id whose presence was never set has nothing to remove)
      const removed = controlled.filter((id) => this.awareness.meta.has(id));
      if (removed.length > 0) this.#relay?.publishAwareness(this.docId, awarenessProtocol.encodeAwarenessUpdate(this.awareness, removed), peer.userId);
    }
    if (this.#peers.size === 0) this.#onDidBecomeEmpty.fire(this);
  }

  /** Closes every peer, compacts the stored log and frees the document. Safe to call twice. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#relayed?.dispose();
    for (const peer of [...this.#peers.keys()]) peer.close();
    this.#peers.clear();
    this.doc.off('update', this.#handleDocUpdate);
    this.awareness.off('update', this.#handleAwarenessUpdate);
    try {
      if (this.#appended > 0) this.#store.compact(this.docId, this.#compactionSource());
    } catch {
      // the log stays valid uncompacted; the next room compacts it
    }
    this.awareness.destroy();
    this.doc.destroy();
    this.#replies.invalidate();
    this.#onDidBecomeEmpty.dispose();
    this.#onDidRefuseUpdate.dispose();
    this.#onDidFail.dispose();
  }

  #receiveSync(peer: YjsPeer, decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    if (step === syncProtocol.messageYjsSyncStep1) {
      const reply = this.#replies.replyTo(decoding.readVarUint8Array(decoder), peer.syncEncoding ?? 1);
      const state = this.#peers.get(peer)!;
      // asking again for what it was just sent, the document unchanged: a client that lost nothing (TCP) needs nothing
      if (state.lastReply === reply) return;
      state.lastReply = reply;
      peer.send(reply);
      return;
    }
    if (step !== syncProtocol.messageYjsSyncStep2 && step !== syncProtocol.messageYjsUpdate) return;
    const update = decoding.readVarUint8Array(decoder);
    if (peer.access === 'read' || this.readOnly !== undefined) {
      this.#refuse(peer, update.length, 'document', 'read-only');
      return;
    }
    const inspect = () => inspectUpdate(this.doc, update, peer.access === 'review' ? { deletesLimit: this.#maxDeletesWalked } : {});
    let inspection = inspect();
    // what it builds on may be stored already by another process, not yet announced here (a client that has just
    // failed over from that process): read it before judging
    if (inspection.pending && this.#relay !== undefined) {
      this.#catchUp();
      inspection = inspect();
    }
    // held back, it would sit in memory, merged again with every later update, until what it waits for arrives
    if (inspection.pending) {
      this.#refuse(peer, update.length, 'document', 'incomplete');
      return;
    }
    if (!this.#owners.mayClaim(peer, inspection.clients)) {
      this.#refuse(peer, update.length, 'document', 'client-id');
      return;
    }
    if (!this.#acceptUpdate(this.doc, inspection, peer)) {
      this.#refuse(peer, update.length, 'document', 'not-allowed');
      return;
    }
    for (const id of inspection.clients) this.#owners.claim(peer, id);
    // a transcript written into an empty document must not later read as schema 1 (which has no version recorded)
    if (inspection.roots.has(TRANSCRIPT_ROOT) && transcriptDocVersion(this.doc) === 0) {
      this.doc.getMap(TRANSCRIPT_META).set(TRANSCRIPT_SCHEMA_KEY, TRANSCRIPT_SCHEMA_VERSION);
    }
    Y.applyUpdate(this.doc, update, peer);
  }

  #receiveAwareness(peer: YjsPeer, update: Uint8Array): void {
    const state = this.#peers.get(peer)!;
    const accepted: AwarenessEntry[] = [];
    for (const entry of readAwarenessEntries(update)) {
      if (entry.state.byteLength > this.#maxAwarenessStateBytes) {
        this.#refuse(peer, entry.state.byteLength, 'awareness', 'too-large');
        continue;
      }
      if (!this.#owners.mayClaim(peer, [entry.clientId])) {
        this.#refuse(peer, entry.state.byteLength, 'awareness', 'client-id');
        continue;
      }
      this.#owners.claim(peer, entry.clientId);
      // the same account on another connection (a reconnect whose old socket has not closed yet) hands it over
      const previous = this.#awarenessPeer.get(entry.clientId);
      if (previous !== undefined && previous !== peer) this.#peers.get(previous)?.awareness.delete(entry.clientId);
      this.#awarenessPeer.set(entry.clientId, peer);
      state.awareness.add(entry.clientId);
      accepted.push(entry);
    }
    if (accepted.length === 0) return;
    const accepting = writeAwarenessEntries(accepted);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, accepting, peer);
    this.#relay?.publishAwareness(this.docId, accepting, peer.userId);
  }

  /**
   * Applies the rows other processes stored after the last one the document holds (all of them, so a lost or
   * reordered announcement is made up by the next), without storing or announcing them again; this process's
   * clients are sent them as any update. `rowId`: the row announced (nothing to do when the document holds it).
   */
  #catchUp(rowId?: number): void {
    if (this.#destroyed || (rowId !== undefined && rowId <= this.#complete)) return;
    let rows: ReturnType<DocumentStore['updatesAfter']>;
    try {
      rows = this.#store.updatesAfter(this.docId, this.#complete);
    } catch (error) {
      // the document lags the database and cannot tell by how much: everyone resyncs from a fresh room
      this.#fail(error);
      return;
    }
    this.#apply(rows);
  }

  #apply(rows: ReturnType<DocumentStore['updatesAfter']>): void {
    if (rows.length === 0) return;
    this.doc.transact(() => {
      for (const row of rows) Y.applyUpdate(this.doc, row.update, RELAYED);
    }, RELAYED);
    this.#complete = rows[rows.length - 1]!.seq;
    if (this.#complete >= this.#seq) {
      this.#seq = this.#complete;
      // the document holds the whole log again: compaction may use it
      this.#foreign = false;
    }
  }

  /**
   * Another process's clients' presence. Their ids are held here by the account that sent them there (`owner`; else
   * by "another process"), as a local account holds its own: this process's other accounts cannot take them over
   * (y-websocket clients echo every presence they are sent), while the same account may (a client that reconnects
   * through this process keeps its id); none may overwrite a presence another of this process's accounts holds.
   */
  #applyRelayedAwareness(update: Uint8Array, owner: string | undefined): void {
    if (this.#destroyed) return;
    let entries: AwarenessEntry[];
    try {
      entries = readAwarenessEntries(update);
    } catch {
      return;
    }
    const accepted = entries.filter((entry) => {
      const holder = relayedHolder(owner);
      if (!this.#owners.mayClaim(holder, [entry.clientId])) return false;
      this.#owners.claim(holder, entry.clientId);
      // the claim (not the ownership, which stays) is let go at once: a holder stands for no connection
      this.#owners.release(holder);
      return true;
    });
    if (accepted.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, writeAwarenessEntries(accepted), RELAYED);
  }

  #fail(error: unknown): void {
    this.#onDidFail.fire(error);
    for (const peer of [...this.#peers.keys()]) peer.close();
  }

  #refuse(peer: YjsPeer, bytes: number, kind: RefusedUpdate['kind'], reason: RefusalReason): void {
    this.#onDidRefuseUpdate.fire({ peer, bytes, kind, reason });
  }

  #compactionSource(): { state?: { update: Uint8Array; throughSeq: number } } {
    return this.#foreign ? {} : { state: { update: this.#replies.fullState(), throughSeq: this.#seq } };
  }

  readonly #handleDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.#destroyed) return;
    this.#replies.invalidate();
    // another process stored it and told the others: only this process's clients still need it
    if (origin === RELAYED) {
      this.#forward(update, origin);
      return;
    }
    let seq: number;
    try {
      seq = this.#store.append(this.docId, update);
    } catch (error) {
      // memory now holds what the database does not: drop everyone so they resync from the stored state
      this.#fail(error);
      return;
    }
    if (seq !== this.#seq + 1) this.#foreign = true;
    if (seq === this.#complete + 1) this.#complete = seq;
    this.#seq = seq;
    this.#appended += 1;
    this.#appendedSinceCompaction += 1;
    this.#bytesSinceCompaction += update.length;
    // (the store announced it to the other processes as it committed it)
    this.#forward(update, origin);
    if (this.#appendedSinceCompaction >= this.#compactEvery && this.#bytesSinceCompaction * 4 >= this.#compactedBytes) {
      try {
        const source = this.#compactionSource();
        if (this.#store.compact(this.docId, source)) {
          this.#compactedBytes = source.state?.update.length ?? this.#store.byteLength(this.docId);
          this.#bytesSinceCompaction = 0;
        }
        this.#appendedSinceCompaction = 0;
      } catch {
        // an uncompacted log is still complete; the next attempt compacts it
      }
    }
  };

  #forward(update: Uint8Array, origin: unknown): void {
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, messageSync);
    syncProtocol.writeUpdate(message, update);
    const bytes = encoding.toUint8Array(message);
    for (const peer of this.#peers.keys()) if (peer !== origin) peer.send(bytes);
  }

  readonly #handleAwarenessUpdate = (change: { added: number[]; updated: number[]; removed: number[] }): void => {
    const clients = [...change.added, ...change.updated, ...change.removed];
    const message = awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    for (const peer of this.#peers.keys()) peer.send(message);
  };
}

/** Origin of the updates another server process stored (see `YjsRoomOptions.relay`): applied, never stored again. */
const RELAYED = Symbol('relayed');

/** The account name under which client ids of other processes' clients are held (no account id looks like it). */
const RELAYED_OWNER = '\u0000another process';

// one per relayed entry, so that none runs into the number of ids one connection may claim
function relayedHolder(owner: string | undefined): YjsPeer {
  return { access: 'read', userId: owner ?? RELAYED_OWNER, send() {}, close() {} };
}

function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
