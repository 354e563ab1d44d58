import type { CaptionJson } from '@verbatim/core/api';

/**
 * The captions an operator page shows: the finals by number and the partial after them. A final replaces the
 * partial of its number (and any earlier one); a late partial of a number already final is ignored.
 */
export class CaptionRoll {
  readonly #finals = new Map<number, CaptionJson>();
  #partial: CaptionJson | undefined;
  #nextSeq = 0;

  /** Takes a caption from the server; returns whether what is shown changed. */
  apply(caption: CaptionJson): boolean {
    if (caption.final) {
      if (this.#finals.has(caption.seq)) return false;
      this.#finals.set(caption.seq, caption);
      this.#nextSeq = Math.max(this.#nextSeq, caption.seq + 1);
      if (this.#partial && this.#partial.seq <= caption.seq) this.#partial = undefined;
      return true;
    }
    if (caption.seq < this.#nextSeq || this.#finals.has(caption.seq)) return false;
    this.#partial = caption;
    return true;
  }

  /** The newest `limit` finals, oldest first. */
  finals(limit = Infinity): CaptionJson[] {
    const sorted = [...this.#finals.values()].sort((a, b) => a.seq - b.seq);
    return Number.isFinite(limit) ? sorted.slice(-limit) : sorted;
  }

  get partial(): CaptionJson | undefined {
    return this.#partial;
  }

  /** Input ended: no partial is pending any more. */
  clearPartial(): void {
    this.#partial = undefined;
  }
}
