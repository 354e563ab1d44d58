/**
 * Token prefixes shared by all hypotheses of a beam search, one node per distinct prefix (node 0 is the empty
 * prefix). A prefix reached twice gets the same node, so its id identifies the labelling; extending costs one node,
 * never a copy of the prefix.
 */
export class PrefixTree {
  #parent = new Int32Array(1024);
  #token = new Int32Array(1024);
  #firstChild = new Int32Array(1024).fill(-1);
  #nextSibling = new Int32Array(1024).fill(-1);
  #size = 1;

  constructor() {
    this.#parent[0] = -1;
    this.#token[0] = -1;
  }

  /** Number of nodes, the empty prefix included. */
  get size(): number {
    return this.#size;
  }

  /** The prefix without its last token, or -1 for the empty prefix. */
  parent(node: number): number {
    return this.#parent[node] as number;
  }

  /** The last token of the prefix, or -1 for the empty prefix. */
  token(node: number): number {
    return this.#token[node] as number;
  }

  /** The node for `node`'s prefix followed by `token`, created on first use. */
  child(node: number, token: number): number {
    for (let c = this.#firstChild[node] as number; c >= 0; c = this.#nextSibling[c] as number) {
      if (this.#token[c] === token) return c;
    }
    if (this.#size === this.#parent.length) this.#grow();
    const c = this.#size++;
    this.#parent[c] = node;
    this.#token[c] = token;
    this.#firstChild[c] = -1;
    this.#nextSibling[c] = this.#firstChild[node] as number;
    this.#firstChild[node] = c;
    return c;
  }

  #grow(): void {
    const n = this.#parent.length * 2;
    this.#parent = grown(this.#parent, n, 0);
    this.#token = grown(this.#token, n, 0);
    this.#firstChild = grown(this.#firstChild, n, -1);
    this.#nextSibling = grown(this.#nextSibling, n, -1);
  }
}

function grown(a: Int32Array, length: number, fill: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(length).fill(fill);
  b.set(a);
  return b;
}
