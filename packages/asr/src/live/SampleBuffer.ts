// storage past this many samples (16 s at 16 kHz) shrinks once it is mostly empty
const SHRINK_ABOVE = 256_000;

/**
 * Mono samples on an absolute clock (sample 0 = the session's first): appended at the end, dropped from the start,
 * read by absolute index. Storage grows by doubling and is compacted when the start moves, so it holds only
 * `end - start` samples (plus slack).
 */
export class SampleBuffer {
  #data = new Float32Array(16_000);
  /** Absolute index of `#data[0]`. */
  #start: number;
  #length = 0;

  /** `start`: the absolute index of the first sample that will be pushed (default 0). */
  constructor(start = 0) {
    this.#start = start;
  }

  /** Absolute index of the first sample still held. */
  get start(): number {
    return this.#start;
  }

  /** Samples the storage has room for (what it costs in memory, at 4 bytes each). */
  get capacity(): number {
    return this.#data.length;
  }

  /** Absolute index one past the last sample pushed. */
  get end(): number {
    return this.#start + this.#length;
  }

  push(samples: Float32Array): void {
    if (this.#length + samples.length > this.#data.length) {
      let size = this.#data.length;
      while (size < this.#length + samples.length) size *= 2;
      const grown = new Float32Array(size);
      grown.set(this.#data.subarray(0, this.#length));
      this.#data = grown;
    }
    this.#data.set(samples, this.#length);
    this.#length += samples.length;
  }

  /** Forgets the samples before absolute index `at` (clamped to what is held). */
  dropBefore(at: number): void {
    const n = Math.min(Math.max(0, at - this.#start), this.#length);
    if (n === 0) return;
    this.#data.copyWithin(0, n, this.#length);
    this.#start += n;
    this.#length -= n;
    // give memory back after a burst (a long backlog that has been decoded)
    if (this.#data.length > SHRINK_ABOVE && this.#length < this.#data.length / 8) this.#data = this.#data.slice(0, Math.max(16_000, this.#length * 2));
  }

  /** A view of absolute `[from, to)` (clamped to what is held); valid until the next push or drop. */
  view(from: number, to: number): Float32Array {
    const a = Math.max(0, from - this.#start);
    const b = Math.min(this.#length, to - this.#start);
    return this.#data.subarray(a, Math.max(a, b));
  }
}
