// Platt scaling of word confidence, as the recipe's confidence.py fits it (logistic regression on logit(raw)).
import type { WordFeature } from '@verbatim/asr';

export interface Platt {
  method: 'platt';
  a: number;
  b: number;
}

const logit = (c: number): number => {
  const x = Math.min(1 - 1e-6, Math.max(1e-6, c));
  return Math.log(x / (1 - x));
};

/** Fits p = sigmoid(a * logit(raw) + b) to (raw, correct) pairs by Newton's method with a tiny ridge. */
export function fitPlatt(raw: readonly number[], correct: readonly boolean[]): Platt {
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 200; iter++) {
    let ga = 1e-6 * a;
    let gb = 1e-6 * b;
    let haa = 1e-6;
    let hab = 0;
    let hbb = 1e-6;
    raw.forEach((r, i) => {
      const x = logit(r);
      const p = 1 / (1 + Math.exp(-(a * x + b)));
      const e = p - (correct[i] ? 1 : 0);
      const w = p * (1 - p);
      ga += e * x;
      gb += e;
      haa += w * x * x;
      hab += w * x;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.max(Math.abs(da), Math.abs(db)) < 1e-10) break;
  }
  return { method: 'platt', a, b };
}

/** Inverts a Platt map: the raw score that maps to `p` (to refit from already calibrated confidences). */
export function uncalibrate(p: number, platt: { a: number; b: number } | undefined): number {
  if (!platt) return p;
  const z = (logit(p) - platt.b) / platt.a;
  return 1 / (1 + Math.exp(-z));
}

export interface Logistic {
  method: 'logistic';
  features: WordFeature[];
  weights: number[];
  bias: number;
}

/**
 * Fits p = sigmoid(bias + w · x) to feature vectors `rows` (one value per name in `features`) and whether each word
 * was right: Newton's method on the log-loss with a small ridge (0.01) on the weights, each step halved until the loss
 * goes down (so separable or tiny sets cannot make it diverge).
 * @throws when a feature value is not finite
 */
export function fitLogistic(features: readonly WordFeature[], rows: readonly Readonly<Record<WordFeature, number>>[], correct: readonly boolean[]): Logistic {
  const k = features.length + 1;
  const x = rows.map((r) => [...features.map((f) => r[f]), 1]);
  const bad = x.findIndex((xi) => xi.some((v) => !Number.isFinite(v)));
  if (bad >= 0) throw new Error(`fitLogistic: word ${bad} has a feature that is not a finite number (${features.map((f) => `${f} ${rows[bad]![f]}`).join(', ')})`);
  const loss = (w: readonly number[]) => {
    let l = 0;
    for (let i = 0; i < k - 1; i++) l += 0.005 * w[i]! ** 2;
    x.forEach((xi, n) => {
      let z = 0;
      for (let i = 0; i < k; i++) z += w[i]! * xi[i]!;
      // log(1 + exp(-z)) for a right word, log(1 + exp(z)) for a wrong one, without overflow
      const m = correct[n] ? -z : z;
      l += m > 30 ? m : Math.log1p(Math.exp(m));
    });
    return l;
  };
  let w = new Array<number>(k).fill(0);
  let current = loss(w);
  for (let iter = 0; iter < 100; iter++) {
    const g = w.map((v, i) => (i < k - 1 ? 0.01 * v : 0));
    const h = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? (i < k - 1 ? 0.01 : 1e-9) : 0)));
    x.forEach((xi, n) => {
      let z = 0;
      for (let i = 0; i < k; i++) z += w[i]! * xi[i]!;
      const p = 1 / (1 + Math.exp(-z));
      const e = p - (correct[n] ? 1 : 0);
      const v = p * (1 - p);
      for (let i = 0; i < k; i++) {
        g[i]! += e * xi[i]!;
        for (let j = 0; j <= i; j++) h[i]![j]! += v * xi[i]! * xi[j]!;
      }
    });
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) h[i]![j] = h[j]![i]!;
    const step = solve(h, g);
    let scale = 1;
    let next = w.map((v, i) => v - step[i]!);
    let l = loss(next);
    while (!(l <= current) && scale > 1e-6) {
      scale /= 2;
      next = w.map((v, i) => v - scale * step[i]!);
      l = loss(next);
    }
    if (!(l <= current)) break;
    const moved = Math.max(...step.map((s) => Math.abs(scale * s)));
    w = next;
    current = l;
    if (moved < 1e-9) break;
  }
  return { method: 'logistic', features: [...features], weights: w.slice(0, -1), bias: w.at(-1)! };
}

// Gaussian elimination with partial pivoting: a @ x = b for a small dense system
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let j = c; j <= n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  const out = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let j = r + 1; j < n; j++) s -= m[r]![j]! * out[j]!;
    out[r] = s / m[r]![r]!;
  }
  return out;
}
