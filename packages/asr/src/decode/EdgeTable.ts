/**
 * An open-addressing hash map from non-negative int keys to non-negative int values, sized once: the trie's
 * (state, token) -> child edges without a JS object per edge.
 */
export class EdgeTable {
  readonly #keys: Int32Array;
  readonly #values: Int32Array;
  readonly #mask: number;
  #count = 0;

  /** Room for `capacity` edges at a load factor of at most one half. */
  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.#keys = new Int32Array(size).fill(-1);
    this.#values = new Int32Array(size);
    this.#mask = size - 1;
  }

  /** The value stored under `key`, or -1. */
  get(key: number): number {
    const keys = this.#keys;
    for (let i = hash(key) & this.#mask; ; i = (i + 1) & this.#mask) {
      const k = keys[i] as number;
      if (k === key) return this.#values[i] as number;
      if (k === -1) return -1;
    }
  }

  /** Stores `value` under `key` (replacing any value there). */
  set(key: number, value: number): void {
    const keys = this.#keys;
    for (let i = hash(key) & this.#mask; ; i = (i + 1) & this.#mask) {
      const k = keys[i] as number;
      if (k === key || k === -1) {
        if (k === -1) this.#count++;
        keys[i] = key;
        this.#values[i] = value;
        return;
      }
    }
  }

  /** Number of keys stored. */
  get count(): number {
    return this.#count;
  }

  /**
   * A copy of this table with room for `extra` more keys: the arrays copied as they are when the copy is no larger
   * (a memory copy, not a re-insert), re-inserted into a larger table otherwise.
   */
  withRoomFor(extra: number): EdgeTable {
    const size = this.#mask + 1;
    const copy = new EdgeTable(Math.max(this.#count + extra, size >>> 1));
    if (copy.#mask === this.#mask) {
      copy.#keys.set(this.#keys);
      copy.#values.set(this.#values);
      copy.#count = this.#count;
      return copy;
    }
    const keys = this.#keys;
    for (let i = 0; i < size; i++) if ((keys[i] as number) !== -1) copy.set(keys[i] as number, this.#values[i] as number);
    return copy;
  }
}

// Spreads consecutive keys (state * vocab + token) over the table.
function hash(key: number): number {
  return Math.imul(key ^ (key >>> 16), 0x45d9f3b) ^ (key >>> 13);
}
