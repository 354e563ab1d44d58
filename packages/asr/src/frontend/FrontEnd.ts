import type { FrontEndConfig } from '../bundle/ModelBundle.ts';
import type { Features } from './Features.ts';
import { melFilterBank } from './melFilterBank.ts';
import { RealFft } from './RealFft.ts';

/**
 * The log-mel filterbank of a bundle's `input.frontEnd`, with kaldi-native-fbank semantics as the recipe's
 * `frontend.py` computes them: frames (reflected at the edges unless `snipEdges`), optional DC removal, Kaldi
 * pre-emphasis (`x[0] -= c * x[0]`), periodic Hann window, zero-padding to `nFft`, power (or magnitude) spectrum,
 * Slaney mel filters, natural log floored at `logFloor`, then per-feature normalisation over the input.
 * Tables and scratch buffers are built once; reuse one instance for many calls (not concurrently).
 */
export class FrontEnd {
  readonly config: FrontEndConfig;
  /** Samples per frame. */
  readonly frameLength: number;
  /** Samples between frame starts. */
  readonly frameShift: number;
  readonly #window: Float64Array;
  // the mel filters' weights back to back: filter b is melWeights[melStart[b] .. melStart[b + 1]) over spectrum
  // bins from melBin[b]
  readonly #melWeights: Float64Array;
  readonly #melStart: Int32Array;
  readonly #melBin: Int32Array;
  readonly #fft: RealFft;
  readonly #frame: Float64Array;
  readonly #spectrum: Float64Array;

  constructor(config: FrontEndConfig) {
    this.config = config;
    this.frameLength = Math.floor((config.sampleRate * config.frameLengthMs) / 1000);
    this.frameShift = Math.floor((config.sampleRate * config.frameShiftMs) / 1000);
    this.#window = new Float64Array(this.frameLength);
    for (let n = 0; n < this.frameLength; n++) this.#window[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / this.frameLength);
    const mel = melFilterBank(config);
    this.#melStart = new Int32Array(mel.numBins + 1);
    mel.weights.forEach((w, b) => (this.#melStart[b + 1] = this.#melStart[b]! + w.length));
    this.#melWeights = new Float64Array(this.#melStart[mel.numBins]!);
    mel.weights.forEach((w, b) => this.#melWeights.set(w, this.#melStart[b]!));
    this.#melBin = Int32Array.from(mel.offsets);
    this.#fft = new RealFft(config.nFft);
    this.#frame = new Float64Array(config.nFft);
    this.#spectrum = new Float64Array(config.nFft / 2 + 1);
  }

  /** Number of feature frames for `numSamples` samples. */
  numFrames(numSamples: number): number {
    if (this.config.snipEdges) return numSamples < this.frameLength ? 0 : 1 + Math.floor((numSamples - this.frameLength) / this.frameShift);
    return Math.floor((numSamples + Math.floor(this.frameShift / 2)) / this.frameShift);
  }

  /** Normalised features of `samples` (mono, at the front end's rate, nominally in [-1, 1]). */
  compute(samples: Float32Array): Features {
    const feats = this.logMel(samples);
    if (this.config.normalize === 'per_feature') normalizePerFeature(feats, this.config.normalizeEps);
    return feats;
  }

  /** Log-mel energies before normalisation. */
  logMel(samples: Float32Array): Features {
    const bins = this.config.numMelBins;
    const n = samples.length;
    const frames = n === 0 ? 0 : this.numFrames(n);
    const data = new Float32Array(frames * bins);
    const win = this.frameLength;
    const frame = this.#frame; // zero past `win`: only the first `win` entries are ever written
    const spectrum = this.#spectrum;
    const { preemphasis, removeDcOffset, logFloor, power } = this.config;
    const startOffset = this.config.snipEdges ? 0 : Math.floor(this.frameShift / 2) - Math.floor(win / 2);
    const windowFn = this.#window;
    const fft = this.#fft;
    const melWeights = this.#melWeights;
    const melStart = this.#melStart;
    const melBin = this.#melBin;
    const keep = 1 - preemphasis;
    for (let t = 0; t < frames; t++) {
      const start = t * this.frameShift + startOffset;
      // one pass: frame copy (reflected at the edges), Kaldi pre-emphasis (x[0] -= c x[0]) and the window
      if (!removeDcOffset && start >= 0 && start + win <= n) {
        frame[0] = samples[start]! * keep * windowFn[0]!;
        for (let i = 1; i < win; i++) frame[i] = (samples[start + i]! - preemphasis * samples[start + i - 1]!) * windowFn[i]!;
      } else {
        for (let i = 0; i < win; i++) frame[i] = samples[reflect(start + i, n)]!;
        if (removeDcOffset) {
          let mean = 0;
          for (let i = 0; i < win; i++) mean += frame[i]!;
          mean /= win;
          for (let i = 0; i < win; i++) frame[i] = frame[i]! - mean;
        }
        for (let i = win - 1; i > 0; i--) frame[i] = (frame[i]! - preemphasis * frame[i - 1]!) * windowFn[i]!;
        frame[0] = frame[0]! * keep * windowFn[0]!;
      }
      fft.powerSpectrum(frame, spectrum);
      if (power === 1) for (let k = 0; k < spectrum.length; k++) spectrum[k] = Math.sqrt(spectrum[k]!);
      const row = t * bins;
      for (let b = 0; b < bins; b++) {
        let e = 0;
        for (let k = melStart[b]!, end = melStart[b + 1]!, bin = melBin[b]!; k < end; k++, bin++) e += melWeights[k]! * spectrum[bin]!;
        data[row + b] = Math.log(e > logFloor ? e : logFloor);
      }
    }
    return { data, frames, bins };
  }
}

// reflect around the edges (-1 -> 0, n -> n - 1), repeatedly for signals shorter than a frame
function reflect(i: number, n: number): number {
  for (;;) {
    if (i < 0) i = -i - 1;
    else if (i >= n) i = 2 * n - 1 - i;
    else return i;
  }
}

/** In place: each bin to zero mean and unit population std over the frames, `(x - mean) / (std + eps)`. */
export function normalizePerFeature(feats: Features, eps: number): void {
  const { data, frames, bins } = feats;
  if (frames === 0) return;
  const sum = new Float64Array(bins);
  const sumSq = new Float64Array(bins);
  for (let t = 0; t < frames; t++) {
    const row = t * bins;
    for (let b = 0; b < bins; b++) {
      const x = data[row + b]!;
      sum[b] = sum[b]! + x;
      sumSq[b] = sumSq[b]! + x * x;
    }
  }
  const mean = new Float64Array(bins);
  const scale = new Float64Array(bins);
  for (let b = 0; b < bins; b++) {
    const m = sum[b]! / frames;
    mean[b] = m;
    scale[b] = 1 / (Math.sqrt(Math.max(sumSq[b]! / frames - m * m, 0)) + eps);
  }
  for (let t = 0; t < frames; t++) {
    const row = t * bins;
    for (let b = 0; b < bins; b++) data[row + b] = (data[row + b]! - mean[b]!) * scale[b]!;
  }
}
