import type { LogProbs } from '../decode/types.ts';

/**
 * The log-prob matrix of a whole recording, assembled window by window on the global output-frame grid. Grows by
 * doubling (or is sized once from the expected length), so memory is the matrix itself.
 */
export class LogProbStitcher {
  readonly vocab: number;
  readonly #blankId: number;
  #data: Float32Array;
  #frames = 0;

  constructor(vocab: number, blankId: number, expectedFrames = 0) {
    this.vocab = vocab;
    this.#blankId = blankId;
    this.#data = new Float32Array(Math.max(expectedFrames, 256) * vocab);
  }

  /** Frames stitched so far. */
  get frames(): number {
    return this.#frames;
  }

  /**
   * Adds the rows of `lp` (a window whose row 0 is global frame `windowFrame`) that fall in global frames
   * [from, to). Rows already stitched are skipped; a gap (a model emitting fewer frames than its window spans) is
   * filled with certain-blank frames so later times stay right.
   */
  add(lp: LogProbs, windowFrame: number, from: number, to: number): void {
    const V = this.vocab;
    if (lp.vocab !== V) throw new RangeError(`window has ${lp.vocab} symbols per frame, expected ${V}`);
    const first = Math.max(from, this.#frames, windowFrame);
    const last = Math.min(to, windowFrame + lp.frames);
    if (last <= first) return;
    this.#reserve(last);
    for (let g = this.#frames; g < first; g++) {
      // log(1e-10) for non-blank symbols: finite, and a blank that wins every decoder's comparison
      this.#data.fill(-23.02585, g * V, (g + 1) * V);
      this.#data[g * V + this.#blankId] = 0;
    }
    this.#data.set(lp.data.subarray((first - windowFrame) * V, (last - windowFrame) * V), first * V);
    this.#frames = last;
  }

  /** The stitched matrix (a view; valid until the next `add`). */
  result(): LogProbs {
    return { data: this.#data.subarray(0, this.#frames * this.vocab), frames: this.#frames, vocab: this.vocab };
  }

  #reserve(frames: number): void {
    if (frames * this.vocab <= this.#data.length) return;
    const next = new Float32Array(Math.max(frames, 2 * (this.#data.length / this.vocab)) * this.vocab);
    next.set(this.#data.subarray(0, this.#frames * this.vocab));
    this.#data = next;
  }
}
