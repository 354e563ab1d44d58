/**
 * Resamples a mono stream chunk by chunk (windowed-sinc interpolation with a Blackman window): a microphone at 44.1 or
 * 48 kHz to a live session's rate. The kernel low-passes below 0.45 × the lower rate, so downsampling does not fold
 * the top of the band back into speech; each output sample is normalised by its weights (exact unit gain at DC).
 * Runtime-neutral: the capture worklet runs it on the audio thread.
 */
export class StreamResampler {
  readonly inputRate: number;
  readonly outputRate: number;
  readonly #step: number;
  readonly #cutoff: number;
  readonly #half: number;
  // input samples kept for the kernel, and the absolute input index of #buffer[0]
  #buffer = new Float32Array(0);
  #bufferStart = 0;
  #length = 0;
  // absolute input position (fractional) of the next output sample
  #position = 0;

  constructor(inputRate: number, outputRate: number, zeroCrossings = 8) {
    if (!(inputRate > 0) || !(outputRate > 0)) throw new RangeError(`sample rates must be positive (got ${inputRate} -> ${outputRate})`);
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.#step = inputRate / outputRate;
    // cycles per input sample
    this.#cutoff = Math.min(0.45 * outputRate, 0.475 * inputRate) / inputRate;
    this.#half = Math.ceil(zeroCrossings / (2 * this.#cutoff));
  }

  /** Takes the next input samples; returns the output samples they complete (the kernel's half-width lags behind). */
  push(input: Float32Array): Float32Array {
    if (this.inputRate === this.outputRate) return input.slice();
    this.#append(input);
    const end = this.#bufferStart + this.#length;
    const count = Math.max(0, Math.floor((end - this.#half - 1 - this.#position) / this.#step) + 1);
    const out = new Float32Array(count);
    for (let n = 0; n < count; n++) {
      out[n] = this.#sampleAt(this.#position);
      this.#position += this.#step;
    }
    this.#discardBefore(Math.floor(this.#position) - this.#half);
    return out;
  }

  #sampleAt(t: number): number {
    const first = Math.max(this.#bufferStart, Math.ceil(t - this.#half));
    const last = Math.floor(t + this.#half);
    const twoW = 2 * this.#cutoff;
    let sum = 0;
    let weights = 0;
    for (let k = first; k <= last; k++) {
      const d = t - k;
      const x = twoW * d;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const u = (d + this.#half) / (2 * this.#half);
      const window = 0.42 - 0.5 * Math.cos(2 * Math.PI * u) + 0.08 * Math.cos(4 * Math.PI * u);
      const h = sinc * window;
      sum += this.#buffer[k - this.#bufferStart]! * h;
      weights += h;
    }
    return weights === 0 ? 0 : sum / weights;
  }

  #append(input: Float32Array): void {
    if (this.#length + input.length > this.#buffer.length) {
      const grown = new Float32Array(Math.max(1024, 2 * (this.#length + input.length)));
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#buffer.set(input, this.#length);
    this.#length += input.length;
  }

  #discardBefore(index: number): void {
    const drop = Math.min(this.#length, index - this.#bufferStart);
    if (drop <= 0) return;
    this.#buffer.copyWithin(0, drop, this.#length);
    this.#length -= drop;
    this.#bufferStart += drop;
  }
}
