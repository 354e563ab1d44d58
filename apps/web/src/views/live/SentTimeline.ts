/**
 * When each stretch of a live session's audio was first sent: frames' first samples and their send times, for
 * `sentAt(sample)` (the latency of an ack or of a caption's last word). Compact: two numbers per ~100 ms frame.
 */
export class SentTimeline {
  #starts: number[] = [];
  #times: number[] = [];

  /** Records that the frame starting at `startSample` went out at `time` (a frame sent again keeps its first time). */
  record(startSample: number, time: number): void {
    const last = this.#starts.at(-1);
    if (last !== undefined && startSample <= last) return;
    this.#starts.push(startSample);
    this.#times.push(time);
  }

  /** The sample after the last recorded frame's first one, i.e. whether `sample` can have been sent. */
  get lastStart(): number | undefined {
    return this.#starts.at(-1);
  }

  /** When the frame holding `sample` was first sent (NaN before any frame at or before it was). */
  sentAt(sample: number): number {
    let lo = 0;
    let hi = this.#starts.length - 1;
    if (hi < 0 || sample < this.#starts[0]!) return Number.NaN;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid]! <= sample) lo = mid;
      else hi = mid - 1;
    }
    return this.#times[lo]!;
  }
}
