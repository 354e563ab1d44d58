/**
 * Regroups a stream of sample arrays of any sizes into blocks of exactly `blockSize` samples
 * (the last one, from `flush()`, may be shorter). Blocks are fresh arrays the caller may keep.
 */
export class BlockSplitter {
  readonly blockSize: number;
  #block: Float32Array;
  #filled = 0;

  constructor(blockSize: number) {
    if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`block size must be a positive integer, got ${blockSize}`);
    this.blockSize = blockSize;
    this.#block = new Float32Array(blockSize);
  }

  /** Adds samples; returns the blocks they completed (often none). */
  push(samples: Float32Array): Float32Array[] {
    const done: Float32Array[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const n = Math.min(this.blockSize - this.#filled, samples.length - offset);
      this.#block.set(samples.subarray(offset, offset + n), this.#filled);
      this.#filled += n;
      offset += n;
      if (this.#filled === this.blockSize) {
        done.push(this.#block);
        this.#block = new Float32Array(this.blockSize);
        this.#filled = 0;
      }
    }
    return done;
  }

  /** Returns the partly filled last block, or undefined when there is none. */
  flush(): Float32Array | undefined {
    if (this.#filled === 0) return undefined;
    const last = this.#block.slice(0, this.#filled);
    this.#filled = 0;
    return last;
  }
}
