import type { DecodedToken } from './types.ts';

/**
 * Frame spans of emitted tokens as a persistent linked list: each record holds a token, the frame it was first
 * emitted and the end frame of the token before it on the same path, and points to that token's record. Hypotheses
 * that share a history share its records, so timing costs one record per emitted token however long the audio.
 */
export class TokenTrail {
  #token = new Int32Array(1024);
  #start = new Int32Array(1024);
  #prevEnd = new Int32Array(1024);
  #prev = new Int32Array(1024);
  #size = 0;

  /** Appends a record: `token` first emitted at frame `start`, after record `prev` (-1: none) ending at `prevEnd`. */
  push(token: number, start: number, prev: number, prevEnd: number): number {
    if (this.#size === this.#token.length) this.#grow();
    const r = this.#size++;
    this.#token[r] = token;
    this.#start[r] = start;
    this.#prev[r] = prev;
    this.#prevEnd[r] = prevEnd;
    return r;
  }

  /** The tokens of the path ending in record `last` (-1: empty), whose last token ended at frame `lastEnd`. */
  collect(last: number, lastEnd: number): DecodedToken[] {
    const out: DecodedToken[] = [];
    let end = lastEnd;
    for (let r = last; r >= 0; r = this.#prev[r] as number) {
      out.push({ id: this.#token[r] as number, start: this.#start[r] as number, end });
      end = this.#prevEnd[r] as number;
    }
    return out.reverse();
  }

  #grow(): void {
    const n = this.#token.length * 2;
    this.#token = grown(this.#token, n);
    this.#start = grown(this.#start, n);
    this.#prevEnd = grown(this.#prevEnd, n);
    this.#prev = grown(this.#prev, n);
  }
}

function grown(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(length);
  b.set(a);
  return b;
}
