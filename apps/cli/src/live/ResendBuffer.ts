/**
 * The audio a live source has read but the server has not acknowledged: blocks of samples on the session's clock,
 * appended as they are read and dropped once an `ack` covers them, so that after a dropped connection everything
 * from {@link start} can be sent again. Memory is bounded by how long the server stays unacknowledged.
 */
export class ResendBuffer {
  readonly #blocks: Array<{ start: number; samples: Int16Array }> = [];
  #start: number;
  #end: number;

  /** `offset`: where the first sample to be appended lies on the session's clock. */
  constructor(offset = 0) {
    this.#start = offset;
    this.#end = offset;
  }

  /** The first sample still held (a reconnect sends from here). */
  get start(): number {
    return this.#start;
  }

  /** One past the last sample appended. */
  get end(): number {
    return this.#end;
  }

  /** Samples held. */
  get length(): number {
    return this.#end - this.#start;
  }

  append(samples: Int16Array): void {
    if (samples.length === 0) return;
    this.#blocks.push({ start: this.#end, samples });
    this.#end += samples.length;
  }

  /** The server has everything before `received`: drops the blocks that lie wholly before it. */
  acknowledge(received: number): void {
    while (this.#blocks.length > 0) {
      const first = this.#blocks[0]!;
      if (first.start + first.samples.length > received) break;
      this.#blocks.shift();
    }
    this.#start = this.#blocks[0]?.start ?? Math.max(this.#start, Math.min(received, this.#end));
  }

  /** The held samples from `from` (at least {@link start}) on, block by block (views, not copies). */
  *from(from: number): Generator<{ start: number; samples: Int16Array }> {
    if (from < this.#start) throw new RangeError(`samples before ${this.#start} are no longer held (asked for ${from})`);
    for (const block of this.#blocks) {
      const end = block.start + block.samples.length;
      if (end <= from) continue;
      yield from > block.start ? { start: from, samples: block.samples.subarray(from - block.start) } : block;
    }
  }
}
