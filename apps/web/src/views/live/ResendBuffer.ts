/** One frame of a live session's audio and where its first sample lies on the session's clock. */
export interface PcmChunk {
  start: number;
  pcm: Int16Array<ArrayBuffer>;
}

/**
 * The audio the server has not acknowledged yet, frame by frame, so that a dropped connection resumes without a gap:
 * frames leave once an ack covers them whole. Bounded: past `maxSamples` the oldest frames go (and `lost` counts them),
 * so a long outage cannot take the page's memory.
 */
export class ResendBuffer {
  readonly maxSamples: number;
  #chunks: PcmChunk[] = [];
  #samples = 0;
  #end = 0;
  #lost = 0;

  constructor(maxSamples: number) {
    this.maxSamples = maxSamples;
  }

  /** Appends the next frame; returns it with its place on the session's clock. */
  append(pcm: Int16Array<ArrayBuffer>): PcmChunk {
    const chunk = { start: this.#end, pcm };
    this.#chunks.push(chunk);
    this.#end += pcm.length;
    this.#samples += pcm.length;
    while (this.#samples > this.maxSamples && this.#chunks.length > 1) {
      const dropped = this.#chunks.shift()!;
      this.#samples -= dropped.pcm.length;
      this.#lost += dropped.pcm.length;
    }
    return chunk;
  }

  /** The server has `receivedSamples`: frames wholly before it are dropped. */
  acknowledge(receivedSamples: number): void {
    while (this.#chunks.length && this.#chunks[0]!.start + this.#chunks[0]!.pcm.length <= receivedSamples) {
      this.#samples -= this.#chunks.shift()!.pcm.length;
    }
  }

  /** The first sample still held (where a reconnect's `offsetSamples` lies). */
  get start(): number {
    return this.#chunks[0]?.start ?? this.#end;
  }

  /** The session clock's end of what was captured so far. */
  get end(): number {
    return this.#end;
  }

  /** Samples dropped unacknowledged because the buffer was full. */
  get lost(): number {
    return this.#lost;
  }

  /** The frames from the one holding `sample` on, in order. */
  *from(sample: number): Generator<PcmChunk> {
    for (const chunk of this.#chunks) if (chunk.start + chunk.pcm.length > sample) yield chunk;
  }
}
