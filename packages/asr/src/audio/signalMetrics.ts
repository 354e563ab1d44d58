// Test support: measures for comparing decoded audio with the signal it should be.

/** Least-squares fit of a sine at `frequency` to `samples`, and how much of the signal it explains. */
export interface SineFit {
  readonly amplitude: number;
  /** Signal-to-residual ratio in dB: 10·log10(fitted energy / residual energy). */
  readonly snrDb: number;
}

/** Fits `a·sin(ωn) + b·cos(ωn)` (any phase) to `samples[from, to)` and reports amplitude and SNR. */
export function fitSine(samples: Float32Array, frequency: number, sampleRate: number, from = 0, to = samples.length): SineFit {
  const w = (2 * Math.PI * frequency) / sampleRate;
  let ss = 0;
  let cc = 0;
  let sc = 0;
  let xs = 0;
  let xc = 0;
  for (let n = from; n < to; n++) {
    const s = Math.sin(w * n);
    const c = Math.cos(w * n);
    const x = samples[n]!;
    ss += s * s;
    cc += c * c;
    sc += s * c;
    xs += x * s;
    xc += x * c;
  }
  const det = ss * cc - sc * sc;
  const a = (xs * cc - xc * sc) / det;
  const b = (xc * ss - xs * sc) / det;
  let signal = 0;
  let residual = 0;
  for (let n = from; n < to; n++) {
    const fit = a * Math.sin(w * n) + b * Math.cos(w * n);
    const r = samples[n]! - fit;
    signal += fit * fit;
    residual += r * r;
  }
  return { amplitude: Math.hypot(a, b), snrDb: 10 * Math.log10(signal / Math.max(residual, 1e-30)) };
}

/** Root mean square of `samples[from, to)`. */
export function rms(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let n = from; n < to; n++) sum += samples[n]! * samples[n]!;
  return Math.sqrt(sum / Math.max(1, to - from));
}

/**
 * The lag in [-maxLag, maxLag] at which `test` best matches `reference` (`test[n + lag] ≈ reference[n]`), with the
 * normalised correlation there (1 = identical shape).
 */
export function bestCorrelation(reference: Float32Array, test: Float32Array, maxLag: number): { lag: number; correlation: number } {
  let best = { lag: 0, correlation: -Infinity };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const from = Math.max(0, -lag);
    const to = Math.min(reference.length, test.length - lag);
    let rt = 0;
    let rr = 0;
    let tt = 0;
    for (let n = from; n < to; n++) {
      const r = reference[n]!;
      const t = test[n + lag]!;
      rt += r * t;
      rr += r * r;
      tt += t * t;
    }
    const correlation = rt / Math.sqrt(rr * tt || 1);
    if (correlation > best.correlation) best = { lag, correlation };
  }
  return best;
}
