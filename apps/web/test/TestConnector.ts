import * as prng from 'lib0/prng';
import * as Y from 'yjs';

const REMOTE = Symbol('test-connector');

/**
 * An in-memory network between Y.Docs, as Yjs's own tests use (`TestConnector` in yjs/tests/testHelper.js): every
 * update a document makes is queued for each of the others, and the queues are delivered in an order drawn from a
 * seeded PRNG (a random connection at a time, each connection in order as a socket through the server keeps it), so
 * a test can interleave edits with partial deliveries and replay any run from its seed.
 */
export class TestConnector {
  readonly #gen: prng.PRNG;
  readonly #docs: Y.Doc[] = [];
  // queues[from][to]: the updates `from` made that `to` has not received yet
  readonly #queues = new Map<Y.Doc, Map<Y.Doc, Uint8Array[]>>();
  readonly #listeners = new Map<Y.Doc, (update: Uint8Array, origin: unknown) => void>();
  readonly #afterDeliver: (doc: Y.Doc) => void;

  /** `afterDeliver` runs after an update reached `doc` (to let its editor flush what it normalised in reply). */
  constructor(gen: prng.PRNG, afterDeliver: (doc: Y.Doc) => void = () => {}) {
    this.#gen = gen;
    this.#afterDeliver = afterDeliver;
  }

  /** Joins `doc` to the network; it must hold the same starting state as the others. */
  connect(doc: Y.Doc): void {
    this.#queues.set(doc, new Map(this.#docs.map((other) => [other, []])));
    for (const other of this.#docs) this.#queues.get(other)!.set(doc, []);
    this.#docs.push(doc);
    const listener = (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      for (const queue of this.#queues.get(doc)!.values()) queue.push(update);
    };
    doc.on('update', listener);
    this.#listeners.set(doc, listener);
  }

  /** How many updates wait to be delivered. */
  get pending(): number {
    let n = 0;
    for (const byTarget of this.#queues.values()) for (const queue of byTarget.values()) n += queue.length;
    return n;
  }

  /** Delivers the oldest update of one connection drawn at random; false when nothing waits. */
  deliverOne(): boolean {
    const waiting: Array<[Y.Doc, Uint8Array[]]> = [];
    for (const byTarget of this.#queues.values()) for (const [to, queue] of byTarget) if (queue.length > 0) waiting.push([to, queue]);
    if (waiting.length === 0) return false;
    const [to, queue] = prng.oneOf(this.#gen, waiting);
    Y.applyUpdate(to, queue.shift()!, REMOTE);
    this.#afterDeliver(to);
    return true;
  }

  /** Delivers up to `count` updates, one random connection at a time. */
  deliverSome(count: number): void {
    for (let i = 0; i < count && this.deliverOne(); i++);
  }

  /** Delivers until nothing waits (what each document sends in reply included). */
  flush(): void {
    while (this.deliverOne());
  }

  /** Leaves every document as it is and stops listening. */
  dispose(): void {
    for (const [doc, listener] of this.#listeners) doc.off('update', listener);
    this.#listeners.clear();
  }
}
