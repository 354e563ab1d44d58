/**
 * Power spectrum of a real signal of length `n` (a power of two >= 4): a complex FFT of size n/2 over the even/odd
 * samples packed as re/im, then one split step. Twiddles, the bit-reversal table and scratch are allocated once, so
 * per-frame calls allocate nothing.
 */
export class RealFft {
  readonly size: number;
  readonly #half: number;
  readonly #re: Float64Array;
  readonly #im: Float64Array;
  readonly #cos: Float64Array; // stage with half-size h: e^{-2 pi i j / 2h} at [h + j]
  readonly #sin: Float64Array;
  readonly #splitCos: Float64Array; // e^{-2 pi i k / n}, k <= half
  readonly #splitSin: Float64Array;
  readonly #reverse: Uint32Array;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 4 || (n & (n - 1)) !== 0) throw new RangeError(`RealFft size must be a power of two >= 4, got ${n}`);
    this.size = n;
    const half = n / 2;
    this.#half = half;
    this.#re = new Float64Array(half);
    this.#im = new Float64Array(half);
    this.#cos = new Float64Array(half);
    this.#sin = new Float64Array(half);
    for (let h = 1; h < half; h <<= 1) {
      for (let j = 0; j < h; j++) {
        this.#cos[h + j] = Math.cos((Math.PI * j) / h);
        this.#sin[h + j] = -Math.sin((Math.PI * j) / h);
      }
    }
    this.#splitCos = new Float64Array(half + 1);
    this.#splitSin = new Float64Array(half + 1);
    for (let k = 0; k <= half; k++) {
      this.#splitCos[k] = Math.cos((2 * Math.PI * k) / n);
      this.#splitSin[k] = -Math.sin((2 * Math.PI * k) / n);
    }
    const bits = Math.log2(half);
    this.#reverse = new Uint32Array(half);
    for (let i = 0; i < half; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.#reverse[i] = r;
    }
  }

  /** Writes |X[k]|^2 for k = 0..n/2 of the DFT of `input` (length n) into `out` (length n/2 + 1). */
  powerSpectrum(input: Float64Array, out: Float64Array): void {
    const half = this.#half;
    const re = this.#re;
    const im = this.#im;
    const rev = this.#reverse;
    for (let i = 0; i < half; i++) {
      const j = rev[i]!;
      re[j] = input[2 * i]!;
      im[j] = input[2 * i + 1]!;
    }
    this.#complexFft(re, im);
    // X[k] = E + w^k O with E = (Z[k] + conj Z[N-k]) / 2, O = (Z[k] - conj Z[N-k]) / 2i, w = e^{-2 pi i / n};
    // X[N-k] = conj(E - w^k O), so each pair (k, N-k) shares one E and one w^k O
    const c = this.#splitCos;
    const s = this.#splitSin;
    const z0r = re[0]!, z0i = im[0]!;
    out[0] = (z0r + z0i) * (z0r + z0i);
    out[half] = (z0r - z0i) * (z0r - z0i);
    for (let k = 1, m = half - 1; k <= m; k++, m--) {
      const zr = re[k]!, zi = im[k]!, yr = re[m]!, yi = -im[m]!;
      const er = 0.5 * (zr + yr), ei = 0.5 * (zi + yi);
      // O = (dr + i di) / i = di - i dr
      const or = 0.5 * (zi - yi), oi = -0.5 * (zr - yr);
      const wr = c[k]!, wi = s[k]!;
      const pr = wr * or - wi * oi, pi = wr * oi + wi * or;
      const ar = er + pr, ai = ei + pi, br = er - pr, bi = ei - pi;
      out[k] = ar * ar + ai * ai;
      out[m] = br * br + bi * bi;
    }
  }

  // In place, input already in bit-reversed order. Radix-2 stages are fused in pairs (stage h with stage 2h) so
  // each pass reads and writes the data once for two stages; the pair (1, 2) has only trivial twiddles. The stage
  // with half-size h reads its twiddles e^{-2 pi i j / 2h} from [h + j] of the tables.
  #complexFft(re: Float64Array, im: Float64Array): void {
    const n = this.#half;
    const twr = this.#cos;
    const twi = this.#sin;
    let h = 1;
    if ((Math.log2(n) & 1) === 1) {
      for (let p = 0; p < n; p += 2) {
        const ar = re[p]!, ai = im[p]!, br = re[p + 1]!, bi = im[p + 1]!;
        re[p] = ar + br;
        im[p] = ai + bi;
        re[p + 1] = ar - br;
        im[p + 1] = ai - bi;
      }
      h = 2;
    } else {
      for (let p = 0; p < n; p += 4) {
        const ar = re[p]!, ai = im[p]!, br = re[p + 1]!, bi = im[p + 1]!;
        const cr = re[p + 2]!, ci = im[p + 2]!, dr = re[p + 3]!, di = im[p + 3]!;
        const a1r = ar + br, a1i = ai + bi, b1r = ar - br, b1i = ai - bi;
        const c1r = cr + dr, c1i = ci + di, d1r = cr - dr, d1i = ci - di;
        re[p] = a1r + c1r;
        im[p] = a1i + c1i;
        re[p + 2] = a1r - c1r;
        im[p + 2] = a1i - c1i;
        // d1 * (-i) = d1i - i d1r
        re[p + 1] = b1r + d1i;
        im[p + 1] = b1i - d1r;
        re[p + 3] = b1r - d1i;
        im[p + 3] = b1i + d1r;
      }
      h = 4;
    }
    for (; h < n; h <<= 2) {
      const size = h << 2;
      for (let j = 0; j < h; j++) {
        const w2r = twr[h + j]!, w2i = twi[h + j]!;
        const w4r = twr[2 * h + j]!, w4i = twi[2 * h + j]!;
        for (let a = j; a < n; a += size) {
          const b = a + h, c = b + h, d = c + h;
          const ar = re[a]!, ai = im[a]!;
          let xr = re[b]!, xi = im[b]!;
          const br = w2r * xr - w2i * xi, bi = w2r * xi + w2i * xr;
          const cr = re[c]!, ci = im[c]!;
          xr = re[d]!;
          xi = im[d]!;
          const dr = w2r * xr - w2i * xi, di = w2r * xi + w2i * xr;
          const a1r = ar + br, a1i = ai + bi, b1r = ar - br, b1i = ai - bi;
          const c1r = cr + dr, c1i = ci + di, d1r = cr - dr, d1i = ci - di;
          const c2r = w4r * c1r - w4i * c1i, c2i = w4r * c1i + w4i * c1r;
          // d1 * w4 * (-i)
          const e_r = w4r * d1r - w4i * d1i, e_i = w4r * d1i + w4i * d1r;
          const d2r = e_i, d2i = -e_r;
          re[a] = a1r + c2r;
          im[a] = a1i + c2i;
          re[c] = a1r - c2r;
          im[c] = a1i - c2i;
          re[b] = b1r + d2r;
          im[b] = b1i + d2i;
          re[d] = b1r - d2r;
          im[d] = b1i - d2i;
        }
      }
    }
  }
}
