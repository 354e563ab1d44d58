import { LanguageModelError } from './LanguageModelError.ts';
import { NgramModel } from './NgramModel.ts';

/** Options for {@link estimateNgramModel}. */
export interface EstimateNgramOptions {
  /** Highest order (default 3). */
  order?: number;
  /** Words seen fewer times become `<unk>` (default 1: keep every word). */
  minWordCount?: number;
  /** Keep at most this many words, most frequent first (default: no cap). */
  maxWords?: number;
  /**
   * Count cut-offs per order, unigrams first: an n-gram of order k >= 2 seen fewer than `minCounts[k - 1]` times is
   * pruned and its probability mass goes back to the back-off (default: 1 for every order, i.e. no pruning).
   */
  minCounts?: readonly number[];
  /** Aborting stops between sentences and orders with the signal's reason. */
  signal?: AbortSignal;
}

const BOS = '<s>';
const EOS = '</s>';
const UNK = '<unk>';
// ARPA's "never predicted" probability for <s>
const LOG_NEVER = -99 * Math.LN10;

/**
 * Estimates an interpolated modified Kneser-Ney word n-gram model (Chen & Goodman 1998; what KenLM's lmplz and
 * SRILM's `-kndiscount -interpolate` build) from sentences of space-separated words, in backoff form.
 *
 * Lower orders use continuation counts (how many distinct words precede an n-gram) except n-grams that start with
 * `<s>`; each order has three discounts (for counts 1, 2, 3+) from its count-of-counts; unigrams interpolate with the
 * uniform distribution, so `<unk>` keeps some probability even when the text has no unknown word. Pruned n-grams
 * give their mass back through re-normalised back-off weights, so every history's distribution still sums to one.
 *
 * @throws {LanguageModelError} `empty` when there is no word to learn from, `invalid-option` for bad options.
 * @example
 * const lm = estimateNgramModel(['the cat sat', 'the dog sat'], { order: 3 });
 * lm.sentenceLogProb(['the', 'cat', 'sat']);
 */
export function estimateNgramModel(sentences: Iterable<string>, options: EstimateNgramOptions = {}): NgramModel {
  const N = options.order ?? 3;
  if (!Number.isInteger(N) || N < 1 || N > 6) throw new LanguageModelError('invalid-option', `order must be an integer from 1 to 6, got ${N}`);
  const minCounts = options.minCounts ?? [];
  for (const m of minCounts) {
    if (!Number.isInteger(m) || m < 1) throw new LanguageModelError('invalid-option', `minCounts must be integers >= 1, got ${m}`);
  }
  const minWordCount = options.minWordCount ?? 1;
  const signal = options.signal;

  // words and their counts
  const tokenized: string[][] = [];
  const wordCounts = new Map<string, number>();
  let n = 0;
  for (const line of sentences) {
    if ((++n & 4095) === 0) signal?.throwIfAborted();
    const ws = line.split(/\s+/).filter((w) => w !== '' && w !== BOS && w !== EOS && w !== UNK);
    if (ws.length === 0) continue;
    tokenized.push(ws);
    for (const w of ws) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  }
  if (wordCounts.size === 0) throw new LanguageModelError('empty', 'no words to estimate a language model from');
  let kept = [...wordCounts].filter(([, c]) => c >= minWordCount);
  if (options.maxWords !== undefined && kept.length > options.maxWords) {
    kept = kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, options.maxWords);
  }
  const words = [UNK, BOS, EOS, ...kept.map(([w]) => w).sort()];
  const ids = new Map(words.map((w, i) => [w, i]));
  const unk = 0;
  const bos = 1;
  const eos = 2;

  // raw counts of every order; keys are ids joined by ' '
  const raw: Map<string, number>[] = Array.from({ length: N + 1 }, () => new Map());
  for (const ws of tokenized) {
    const s = [bos, ...ws.map((w) => ids.get(w) ?? unk), eos];
    for (let i = 1; i < s.length; i++) {
      // n-grams ending at position i (never one that is only <s>)
      let key = '';
      for (let k = 1; k <= N && i - k + 1 >= 0; k++) {
        key = k === 1 ? `${s[i]}` : `${s[i - k + 1]} ${key}`;
        const m = raw[k] as Map<string, number>;
        m.set(key, (m.get(key) ?? 0) + 1);
      }
    }
  }
  signal?.throwIfAborted();

  // KN counts: raw for the top order and for n-grams that start with <s>, else distinct left extensions
  const kn: Map<string, number>[] = raw.map(() => new Map());
  for (const [key, c] of raw[N] as Map<string, number>) (kn[N] as Map<string, number>).set(key, c);
  for (let k = N - 1; k >= 1; k--) {
    const m = kn[k] as Map<string, number>;
    for (const [key, c] of raw[k] as Map<string, number>) if (key.startsWith(`${bos} `) || key === `${bos}`) m.set(key, c);
    for (const key of (raw[k + 1] as Map<string, number>).keys()) {
      const tail = key.slice(key.indexOf(' ') + 1);
      if (tail.startsWith(`${bos} `) || tail === `${bos}`) continue;
      m.set(tail, (m.get(tail) ?? 0) + 1);
    }
  }
  // <s> is never predicted
  (kn[1] as Map<string, number>).delete(`${bos}`);

  // interpolated probabilities and back-off weights, order by order
  const prob: Map<string, number>[] = raw.map(() => new Map());
  const bow: Map<string, number>[] = raw.map(() => new Map());
  // the interpolated probability of n-gram `key` (order k) from the finished lower orders, backing off as a reader would
  const lower = (key: string, k: number): number => {
    let weight = 1;
    for (;;) {
      const p = (prob[k] as Map<string, number>).get(key);
      if (p !== undefined) return weight * p;
      if (k === 1) return 0;
      weight *= (bow[k - 1] as Map<string, number>).get(key.slice(0, key.lastIndexOf(' '))) ?? 1;
      key = key.slice(key.indexOf(' ') + 1);
      k--;
    }
  };

  for (let k = 1; k <= N; k++) {
    signal?.throwIfAborted();
    const counts = kn[k] as Map<string, number>;
    const D = discounts(counts);
    // per history: total count and how many continuations had count 1, 2, 3+
    const hist = new Map<string, { total: number; n1: number; n2: number; n3: number }>();
    for (const [key, c] of counts) {
      const h = k === 1 ? '' : key.slice(0, key.lastIndexOf(' '));
      let e = hist.get(h);
      if (e === undefined) hist.set(h, (e = { total: 0, n1: 0, n2: 0, n3: 0 }));
      e.total += c;
      if (c === 1) e.n1++;
      else if (c === 2) e.n2++;
      else e.n3++;
    }
    const gamma = new Map<string, number>();
    for (const [h, e] of hist) gamma.set(h, (D[0] * e.n1 + D[1] * e.n2 + D[2] * e.n3) / e.total);
    const pk = prob[k] as Map<string, number>;
    if (k === 1) {
      const e = hist.get('') as { total: number };
      const uniform = 1 / (words.length - 1); // every word but <s>
      const g = gamma.get('') as number;
      for (let w = 0; w < words.length; w++) {
        if (w === bos) continue;
        const c = counts.get(`${w}`) ?? 0;
        pk.set(`${w}`, Math.max(c - discount(D, c), 0) / e.total + g * uniform);
      }
      continue;
    }
    for (const [key, c] of counts) {
      const h = key.slice(0, key.lastIndexOf(' '));
      const e = hist.get(h) as { total: number };
      pk.set(key, (c - discount(D, c)) / e.total + (gamma.get(h) as number) * lower(key.slice(key.indexOf(' ') + 1), k - 1));
    }
    // prune by raw count, keeping only n-grams whose history and suffix survive
    const min = minCounts[k - 1] ?? 1;
    const rk = raw[k] as Map<string, number>;
    for (const key of [...pk.keys()]) {
      const context = key.slice(0, key.lastIndexOf(' '));
      const suffix = key.slice(key.indexOf(' ') + 1);
      const below = prob[k - 1] as Map<string, number>;
      // (every unigram is a node, <s> too, so bigrams need no check)
      if ((rk.get(key) ?? 0) < min || (k > 2 && (!below.has(context) || !below.has(suffix)))) {
        pk.delete(key);
      }
    }
    // back-off weights of order k-1 histories so that each distribution sums to one
    const kept = new Map<string, { p: number; q: number }>();
    for (const [key, p] of pk) {
      const h = key.slice(0, key.lastIndexOf(' '));
      let e = kept.get(h);
      if (e === undefined) kept.set(h, (e = { p: 0, q: 0 }));
      e.p += p;
      e.q += lower(key.slice(key.indexOf(' ') + 1), k - 1);
    }
    const bk = bow[k - 1] as Map<string, number>;
    for (const [h, e] of kept) bk.set(h, Math.max(1 - e.p, 1e-12) / Math.max(1 - e.q, 1e-12));
  }
  return toModel(N, words, prob, bow);
}

/** Modified Kneser-Ney discounts for counts 1, 2 and 3+ from the count-of-counts (clamped to sane ranges). */
function discounts(counts: Map<string, number>): [number, number, number] {
  const n = [0, 0, 0, 0, 0];
  for (const c of counts.values()) if (c <= 4) n[c] = (n[c] as number) + 1;
  const [, n1, n2, n3, n4] = n as [number, number, number, number, number];
  if (n1 === 0 || n2 === 0 || n3 === 0 || n4 === 0) return [0.5, 1, 1.5];
  const y = n1 / (n1 + 2 * n2);
  const d1 = 1 - (2 * y * n2) / n1;
  const d2 = 2 - (3 * y * n3) / n2;
  const d3 = 3 - (4 * y * n4) / n3;
  return [clamp(d1, 0.1, 0.99), clamp(d2, 0.1, 1.99), clamp(d3, 0.1, 2.99)];
}

function discount(D: [number, number, number], c: number): number {
  return c === 0 ? 0 : c === 1 ? D[0] : c === 2 ? D[1] : D[2];
}

function clamp(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : lo;
}

/** Lays the n-grams out as a trie, level by level, children sorted by word id. */
function toModel(N: number, words: string[], prob: Map<string, number>[], bow: Map<string, number>[]): NgramModel {
  const levels: number[][][] = [[]];
  for (let k = 1; k <= N; k++) {
    const grams = [...(prob[k] as Map<string, number>).keys()].map((key) => key.split(' ').map(Number));
    if (k === 1) {
      for (let w = 0; w < words.length; w++) if (!(prob[1] as Map<string, number>).has(`${w}`)) grams.push([w]);
    }
    grams.sort(compareIds);
    levels.push(grams);
  }
  const levelStart = new Int32Array(N + 2);
  levelStart[1] = 1;
  for (let k = 1; k <= N; k++) levelStart[k + 1] = (levelStart[k] as number) + (levels[k] as number[][]).length;
  const nodes = levelStart[N + 1] as number;
  const word = new Int32Array(nodes);
  const logProb = new Float32Array(nodes);
  const backoff = new Float32Array(nodes);
  const firstChild = new Int32Array(nodes + 1);
  const suffix = new Int32Array(nodes);
  word[0] = -1;
  suffix[0] = -1;
  const index = new Map<string, number>();
  for (let k = 1; k <= N; k++) {
    const grams = levels[k] as number[][];
    let node = levelStart[k] as number;
    for (const g of grams) {
      const key = g.join(' ');
      index.set(key, node);
      word[node] = g[k - 1] as number;
      const p = (prob[k] as Map<string, number>).get(key);
      logProb[node] = k === 1 && g[0] === 1 ? LOG_NEVER : Math.log(p as number);
      const b = (bow[k] as Map<string, number>).get(key);
      backoff[node] = b === undefined ? 0 : Math.log(b);
      suffix[node] = k === 1 ? 0 : (index.get(g.slice(1).join(' ')) as number);
      node++;
    }
  }
  // children: each node's run in the next level (which is sorted by history, then word)
  firstChild[0] = 1;
  for (let k = 1; k <= N; k++) {
    const start = levelStart[k] as number;
    const end = levelStart[k + 1] as number;
    let child = end;
    const nextEnd = k < N ? (levelStart[k + 2] as number) : end;
    for (let i = start; i < end; i++) {
      firstChild[i] = child;
      if (k < N) {
        while (child < nextEnd && index.get((levels[k + 1] as number[][])[child - end]!.slice(0, k).join(' ')) === i) child++;
      }
    }
  }
  firstChild[nodes] = nodes;
  return new NgramModel({ order: N, words, levelStart, word, logProb, backoff, firstChild, suffix });
}

function compareIds(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}
