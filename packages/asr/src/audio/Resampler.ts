/** Filter design of a {@link Resampler}. The defaults give ~90 dB stopband and a flat passband to ~0.8 × Nyquist. */
export interface ResamplerOptions {
  /** Zero crossings of the windowed sinc on each side of its centre, counted at the lower of the two rates. Default 24. */
  readonly halfZeros?: number;
  /** Cutoff (the -6 dB point) as a fraction of the lower of the two Nyquist frequencies. Default 0.9. */
  readonly cutoff?: number;
  /** Kaiser window β; about (stopband dB − 8.7) / 0.11. Default 9. */
  readonly beta?: number;
}

// Ratios with more phases than this share a table of this many phases (timing error under 1/8192 of a sample).
const MAX_PHASES = 4096;
// Table size cap (8 MB): very high input rates need long filters, and then get fewer (still plenty of) phases.
const MAX_COEFFICIENTS = 1 << 21;

/**
 * Streaming band-limited resampler for any ratio of integer rates (44100→16000, 48000→16000, 8000→16000 …):
 * a polyphase Kaiser-windowed sinc, exact for rational ratios. It is stateful: feed consecutive blocks to
 * `process()` and call `flush()` once at the end; the concatenated output equals resampling the whole signal
 * at once, sample for sample, however the input was split. Output sample `n` sits at input time `n × from / to`
 * (zero phase: no delay to compensate), and the total output length is `ceil(inputLength × to / from)`.
 *
 * @example
 * ```ts
 * const r = new Resampler(44100, 16000);
 * const out = [...blocks.map((b) => r.process(b)), r.flush()];
 * ```
 */
export class Resampler {
  readonly fromRate: number;
  readonly toRate: number;
  readonly #up: number;
  readonly #down: number;
  readonly #phases: number;
  readonly #taps: number;
  readonly #first: number;
  readonly #table: Float32Array | undefined;
  #buf: Float32Array;
  #bufStart: number;
  #bufLen: number;
  #inCount = 0;
  #pos = 0;
  #phase = 0;
  #flushed = false;

  constructor(fromRate: number, toRate: number, options: ResamplerOptions = {}) {
    if (!Number.isInteger(fromRate) || !Number.isInteger(toRate) || fromRate <= 0 || toRate <= 0) {
      throw new RangeError(`Resampler needs positive integer rates, got ${fromRate} → ${toRate}`);
    }
    this.fromRate = fromRate;
    this.toRate = toRate;
    const g = gcd(fromRate, toRate);
    this.#up = toRate / g;
    this.#down = fromRate / g;
    const { halfZeros = 24, cutoff = 0.9, beta = 9 } = options;
    const fc = cutoff * Math.min(1, toRate / fromRate);
    const halfWidth = halfZeros / fc;
    const reach = Math.ceil(halfWidth);
    this.#first = -reach;
    this.#taps = 2 * reach + 1;
    this.#phases = Math.min(this.#up, MAX_PHASES, Math.max(64, Math.floor(MAX_COEFFICIENTS / this.#taps)));
    this.#table = fromRate === toRate ? undefined : designTable(this.#phases, this.#taps, this.#first, fc, halfWidth, beta);
    // history starts with `reach` zeros standing for the silence before the first sample
    this.#buf = new Float32Array(Math.max(4096, 4 * this.#taps));
    this.#bufStart = this.#first;
    this.#bufLen = reach;
  }

  /**
   * Resamples the next block. The result holds every output sample whose filter window is complete; the rest
   * come with later blocks or `flush()`. With equal rates the input is returned as is.
   */
  process(input: Float32Array): Float32Array {
    if (this.#flushed) throw new Error('Resampler.process() called after flush()');
    if (this.#table === undefined) return input;
    this.#append(input);
    return this.#emit(this.#inCount);
  }

  /** Ends the signal (as if followed by silence) and returns the remaining output samples. */
  flush(): Float32Array {
    if (this.#flushed) return new Float32Array(0);
    this.#flushed = true;
    if (this.#table === undefined) return new Float32Array(0);
    // outputs continue while their time is inside the signal: n × down < inCount × up
    const end = this.#inCount;
    this.#append(new Float32Array(this.#taps));
    return this.#emit(end, true);
  }

  #append(input: Float32Array): void {
    const need = this.#bufLen + input.length;
    if (need > this.#buf.length) {
      const grown = new Float32Array(Math.max(need, this.#buf.length * 2));
      grown.set(this.#buf.subarray(0, this.#bufLen));
      this.#buf = grown;
    }
    this.#buf.set(input, this.#bufLen);
    this.#bufLen += input.length;
    this.#inCount += input.length;
  }

  // Emits outputs whose window lies within the buffered input (or, when flushing, whose time is before `end`).
  #emit(end: number, flushing = false): Float32Array {
    const table = this.#table!;
    const buf = this.#buf;
    const taps = this.#taps;
    const up = this.#up;
    const down = this.#down;
    const phases = this.#phases;
    // a phase rounded up to the next sample (only with a shared table) reads one sample further
    const lastIndex = this.#first + taps - (phases === up ? 1 : 0);
    const available = this.#bufStart + this.#bufLen;
    const bound = Math.ceil(((this.#bufLen + taps) * up) / down) + 2;
    const out = new Float32Array(bound);
    let n = 0;
    let pos = this.#pos;
    let phase = this.#phase;
    while (flushing ? pos * up + phase < end * up : pos + lastIndex < available) {
      let q = phase;
      let base = pos + this.#first - this.#bufStart;
      if (phases !== up) {
        q = Math.round((phase * phases) / up);
        if (q === phases) {
          q = 0;
          base++;
        }
      }
      const offset = q * taps;
      let acc = 0;
      for (let k = 0; k < taps; k++) acc += buf[base + k]! * table[offset + k]!;
      out[n++] = acc;
      phase += down;
      if (phase >= up) {
        pos += Math.floor(phase / up);
        phase %= up;
      }
    }
    this.#pos = pos;
    this.#phase = phase;
    // keep only the history the next output still needs
    const keepFrom = Math.min(pos + this.#first - this.#bufStart, this.#bufLen);
    if (keepFrom > 0) {
      buf.copyWithin(0, keepFrom, this.#bufLen);
      this.#bufLen -= keepFrom;
      this.#bufStart += keepFrom;
    }
    return out.subarray(0, n);
  }
}

/**
 * Resamples a whole signal at once (see {@link Resampler}). Returns the input itself when the rates are equal.
 *
 * @example
 * ```ts
 * const at16k = resample(samples44k, 44100, 16000);
 * ```
 */
export function resample(input: Float32Array, fromRate: number, toRate: number, options?: ResamplerOptions): Float32Array {
  const r = new Resampler(fromRate, toRate, options);
  const head = r.process(input);
  const tail = r.flush();
  if (tail.length === 0) return head;
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

// table[q × taps + k] = h(q / phases − (first + k)): the kernel for an output at fractional position q / phases
function designTable(phases: number, taps: number, first: number, fc: number, halfWidth: number, beta: number): Float32Array {
  const table = new Float32Array(phases * taps);
  const norm = 1 / besselI0(beta);
  for (let q = 0; q < phases; q++) {
    for (let k = 0; k < taps; k++) {
      const t = q / phases - (first + k);
      const x = t / halfWidth;
      if (Math.abs(x) >= 1) continue;
      const window = besselI0(beta * Math.sqrt(1 - x * x)) * norm;
      const arg = Math.PI * fc * t;
      const sinc = arg === 0 ? 1 : Math.sin(arg) / arg;
      table[q * taps + k] = fc * sinc * window;
    }
  }
  return table;
}

// Modified Bessel function of the first kind, order 0 (power series; converges fast for the β used here).
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const half = x / 2;
  for (let k = 1; k < 200; k++) {
    term *= (half / k) * (half / k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
