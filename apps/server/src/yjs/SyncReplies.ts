import { MESSAGE_SYNC_STEP2_V2 } from '@verbatim/core';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { messageSync } from './yjsMessages.ts';

/**
 * How a sync step 2 reply carries its update: `1`, y-websocket's `messageSync` step 2 with a V1 update (every
 * client reads it); `2`, core's `MESSAGE_SYNC_STEP2_V2` with a V2 update (about half the size; only clients that asked
 * for it, see `ROOM_SYNC_PARAM`).
 */
export type SyncEncoding = 1 | 2;

/**
 * The sync step 2 replies of one document ("here is what you lack"), each encoded once per document version and
 * encoding and shared by every client that asks: the whole document for an empty state vector, and up to `max` others
 * per encoding. Clients the document does not know and clocks past its own are left out of the key, so made-up state
 * vectors cost no new encoding. Call {@link invalidate} whenever the document changes.
 *
 * @example
 * doc.on('update', () => replies.invalidate());
 * peer.send(replies.replyTo(stateVector));
 */
export class SyncReplies {
  readonly #doc: Y.Doc;
  readonly #max: number;
  readonly #replies = { 1: new Map<string, Uint8Array>(), 2: new Map<string, Uint8Array>() };
  #state: Uint8Array | undefined;

  constructor(doc: Y.Doc, max = 8) {
    this.#doc = doc;
    this.#max = max;
  }

  /**
   * The message answering a client's state vector: `messageSync` step 2 (V1, the default) or `MESSAGE_SYNC_STEP2_V2`.
   * Throws on a malformed state vector.
   */
  replyTo(stateVector: Uint8Array, version: SyncEncoding = 1): Uint8Array {
    const known = new Map<number, number>();
    for (const [client, clock] of Y.decodeStateVector(stateVector)) {
      const state = Y.getState(this.#doc.store, client);
      if (state > 0 && clock > 0) known.set(client, Math.min(clock, state));
    }
    const key = [...known].sort((a, b) => a[0] - b[0]).join(';');
    const replies = this.#replies[version];
    const cached = replies.get(key);
    if (cached !== undefined) return cached;
    const encoder = encoding.createEncoder();
    if (version === 1) {
      const update = key === '' ? this.fullState() : Y.encodeStateAsUpdate(this.#doc, Y.encodeStateVector(known));
      encoding.writeVarUint(encoder, messageSync);
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(encoder, update);
    } else {
      const update = Y.encodeStateAsUpdateV2(this.#doc, key === '' ? undefined : Y.encodeStateVector(known));
      encoding.writeVarUint(encoder, MESSAGE_SYNC_STEP2_V2);
      encoding.writeVarUint8Array(encoder, update);
    }
    const reply = encoding.toUint8Array(encoder);
    // the whole document's reply is the one most asked for: it is always kept
    if (key === '' || replies.size < this.#max) replies.set(key, reply);
    return reply;
  }

  /** `Y.encodeStateAsUpdate(doc)` of the current version (V1: what is stored). */
  fullState(): Uint8Array {
    this.#state ??= Y.encodeStateAsUpdate(this.#doc);
    return this.#state;
  }

  /** Forgets every reply: the document changed. */
  invalidate(): void {
    this.#state = undefined;
    this.#replies[1].clear();
    this.#replies[2].clear();
  }
}
