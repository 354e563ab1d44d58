// Platt scaling of word confidence, as the recipe's confidence.py fits it (logistic regression on logit(raw)).

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
