import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { messageSync } from './yjsMessages.ts';

/**
 * The sync step 2 replies of one document ("here is what you lack"), each encoded once per document version and
 * shared by every client that asks: the whole document for an empty state vector, and up to `max` others. Clients the
 * document does not know and clocks past its own are left out of the key, so made-up state vectors cost no new
 * encoding. Call {@link invalidate} whenever the document changes.
 *
 * @example
 * doc.on('update', () => replies.invalidate());
 * peer.send(replies.replyTo(stateVector));
 */
export class SyncReplies {
  readonly #doc: Y.Doc;
  readonly #max: number;
  readonly #replies = new Map<string, Uint8Array>();
  #state: Uint8Array | undefined;

  constructor(doc: Y.Doc, max = 8) {
    this.#doc = doc;
    this.#max = max;
  }

  /** The message (`messageSync`, step 2) answering a client's state vector. Throws on a malformed one. */
  replyTo(stateVector: Uint8Array): Uint8Array {
    const known = new Map<number, number>();
    for (const [client, clock] of Y.decodeStateVector(stateVector)) {
      const state = Y.getState(this.#doc.store, client);
      if (state > 0 && clock > 0) known.set(client, Math.min(clock, state));
    }
    const key = [...known].sort((a, b) => a[0] - b[0]).join(';');
    const cached = this.#replies.get(key);
    if (cached !== undefined) return cached;
    const update = key === '' ? this.fullState() : Y.encodeStateAsUpdate(this.#doc, Y.encodeStateVector(known));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(encoder, update);
    const reply = encoding.toUint8Array(encoder);
    if (key === '' || this.#replies.size < this.#max) this.#replies.set(key, reply);
    return reply;
  }

  /** `Y.encodeStateAsUpdate(doc)` of the current version. */
  fullState(): Uint8Array {
    this.#state ??= Y.encodeStateAsUpdate(this.#doc);
    return this.#state;
  }

  /** Forgets every reply: the document changed. */
  invalidate(): void {
    this.#state = undefined;
    this.#replies.clear();
  }
}
