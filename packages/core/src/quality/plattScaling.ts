import { checkPairs } from './checkPairs.ts';
import { QualityMeasureError } from './QualityMeasureError.ts';

/** A Platt scaling of confidences: calibrated = σ(a · logit(confidence) + b). a = 1, b = 0 changes nothing. */
export interface PlattScaling {
  readonly a: number;
  readonly b: number;
}

// Confidences of exactly 0 or 1 have an infinite logit; clamp them just inside.
const EDGE = 1e-6;

/**
 * Applies a {@link PlattScaling} to one confidence.
 *
 * @example
 * applyPlattScaling(0.9, { a: 1, b: 0 }) // 0.9
 */
export function applyPlattScaling(confidence: number, scaling: PlattScaling): number {
  const p = Math.min(1 - EDGE, Math.max(EDGE, confidence));
  const z = scaling.a * Math.log(p / (1 - p)) + scaling.b;
  return 1 / (1 + Math.exp(-z));
}

/**
 * Fits a {@link PlattScaling} to words whose correctness is known: a one-feature logistic regression of `correct` on
 * logit(confidence), by Newton's method (Platt, 1999; with his smoothed targets (n₊+1)/(n₊+2) and 1/(n₋+2) so that
 * separable data gives a finite fit). Needs at least one right and one wrong word.
 *
 * @example
 * fitPlattScaling(confidences, correct) // { a: 0.62, b: -0.4 }: an over-confident model is pulled down
 */
export function fitPlattScaling(confidences: readonly number[], correct: readonly boolean[]): PlattScaling {
  checkPairs(confidences, correct);
  const positives = correct.filter(Boolean).length;
  const negatives = correct.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new QualityMeasureError('invalid-value', 'Fitting a calibration needs both right and wrong words.');
  }
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  const x = confidences.map((c) => {
    const p = Math.min(1 - EDGE, Math.max(EDGE, c));
    return Math.log(p / (1 - p));
  });
  const t = correct.map((right) => (right ? high : low));
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    // Gradient and Hessian of the cross-entropy in (a, b), with a tiny ridge so the Hessian stays invertible.
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < x.length; i++) {
      const p = 1 / (1 + Math.exp(-(a * x[i]! + b)));
      const d = p - t[i]!;
      const w = p * (1 - p);
      ga += d * x[i]!;
      gb += d;
      haa += w * x[i]! * x[i]!;
      hab += w * x[i]!;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // Newton can overshoot on logistic losses: halve the step until the loss goes down (Platt's backtracking).
    const before = loss(x, t, a, b);
    let step = 1;
    while (step > 1e-10 && loss(x, t, a - step * da, b - step * db) > before) step /= 2;
    a -= step * da;
    b -= step * db;
    if (Math.abs(step * da) < 1e-10 && Math.abs(step * db) < 1e-10) break;
  }
  return { a, b };
}

function loss(x: readonly number[], t: readonly number[], a: number, b: number): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const z = a * x[i]! + b;
    // −[t·log σ(z) + (1−t)·log(1−σ(z))], written to stay finite for large |z|.
    total += Math.max(z, 0) - z * t[i]! + Math.log1p(Math.exp(-Math.abs(z)));
  }
  return total;
}
