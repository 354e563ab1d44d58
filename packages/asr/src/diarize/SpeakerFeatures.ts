import { RealFft } from '../frontend/RealFft.ts';
import { type MelFilterBank, melFilterBank } from '../frontend/melFilterBank.ts';

/** Cepstral coefficients kept per frame (C1..C19; C0 is the energy, kept apart as decibels). */
export const CEPSTRA = 19;
/** Layout of one stored frame: the cepstra, then these. */
export const ENERGY_DIM = CEPSTRA;
export const PITCH_DIM = CEPSTRA + 1;
/** Values per frame. */
export const FRAME_DIMS = CEPSTRA + 2;
/** Seconds between frames. */
export const FRAME_HOP_SECONDS = 0.02;

const FRAME_SECONDS = 0.032;
const MEL_BINS = 30;
const CHUNK_FRAMES = 4096;
// int16 storage: cepstra (natural-log mel units, |c| < 80), energy (dB, -160..0), pitch (log2 Hz, 0 = unvoiced)
const SCALES = [...Array<number>(CEPSTRA).fill(400), 200, 2000];
const PITCH_RATE = 4000;
const PITCH_MIN_HZ = 60;
const PITCH_MAX_HZ = 420;
const VOICED_CORRELATION = 0.5;

/**
 * Per-frame speaker features of a stream of audio, computed as it streams and stored compactly: every 20 ms, 19 mel
 * cepstra (32 ms Hann window), the frame's level in dB and its pitch (normalised autocorrelation at 4 kHz; 0 when
 * unvoiced). Stored as int16, 42 bytes per frame: three hours of audio keep about 23 MB, not the audio.
 */
export class SpeakerFeatures {
  readonly sampleRate: number;
  readonly hop: number;
  readonly frameLength: number;
  readonly #fft: RealFft;
  readonly #mel: MelFilterBank;
  readonly #window: Float64Array;
  readonly #frame: Float64Array;
  readonly #power: Float64Array;
  readonly #logMel: Float64Array;
  readonly #dct: Float64Array;
  readonly #decimate: number;
  readonly #pitchBuf: Float64Array;
  readonly #correlation: Float64Array;
  readonly #squares: Float64Array;
  #pending: Float32Array;
  #pendingLength = 0;
  #chunks: Int16Array[] = [];
  #count = 0;
  #lastPitch = 0;

  constructor(sampleRate: number) {
    if (!Number.isFinite(sampleRate) || sampleRate < 8000) throw new RangeError(`SpeakerFeatures needs a sample rate of at least 8000 Hz (got ${sampleRate}).`);
    this.sampleRate = sampleRate;
    this.hop = Math.round(FRAME_HOP_SECONDS * sampleRate);
    this.frameLength = Math.round(FRAME_SECONDS * sampleRate);
    let nFft = 4;
    while (nFft < this.frameLength) nFft *= 2;
    this.#fft = new RealFft(nFft);
    this.#mel = melFilterBank({ sampleRate, numMelBins: MEL_BINS, nFft, lowFreq: 60, highFreq: Math.min(7600, sampleRate / 2), melNorm: 'none' });
    this.#window = new Float64Array(this.frameLength);
    for (let i = 0; i < this.frameLength; i++) this.#window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (this.frameLength - 1));
    this.#frame = new Float64Array(nFft);
    this.#power = new Float64Array(nFft / 2 + 1);
    this.#logMel = new Float64Array(MEL_BINS);
    this.#dct = new Float64Array(CEPSTRA * MEL_BINS);
    for (let c = 0; c < CEPSTRA; c++) {
      for (let m = 0; m < MEL_BINS; m++) this.#dct[c * MEL_BINS + m] = Math.sqrt(2 / MEL_BINS) * Math.cos((Math.PI * (c + 1) * (m + 0.5)) / MEL_BINS);
    }
    this.#decimate = Math.max(1, Math.round(sampleRate / PITCH_RATE));
    this.#pitchBuf = new Float64Array(Math.floor(this.frameLength / this.#decimate));
    this.#correlation = new Float64Array(this.#pitchBuf.length + 2);
    this.#squares = new Float64Array(this.#pitchBuf.length + 1);
    this.#pending = new Float32Array(this.frameLength + this.hop * 64);
  }

  /** Frames stored so far. */
  get count(): number {
    return this.#count;
  }

  /** Bytes held by the stored frames. */
  get bytes(): number {
    return this.#chunks.length * CHUNK_FRAMES * FRAME_DIMS * 2;
  }

  /** Seconds of the centre of frame `i` (sample 0 = 0 s). */
  frameTime(i: number): number {
    return (i * this.hop + this.frameLength / 2) / this.sampleRate;
  }

  /** The first frame whose centre is at or after `seconds`. */
  frameAt(seconds: number): number {
    return Math.max(0, Math.ceil((seconds * this.sampleRate - this.frameLength / 2) / this.hop));
  }

  /** Value `dim` of frame `i`, in its natural unit. */
  get(i: number, dim: number): number {
    const chunk = this.#chunks[Math.floor(i / CHUNK_FRAMES)]!;
    return chunk[(i % CHUNK_FRAMES) * FRAME_DIMS + dim]! / SCALES[dim]!;
  }

  /** Appends mono samples (the sample rate given at construction). */
  push(samples: Float32Array): void {
    let offset = 0;
    while (offset < samples.length) {
      const room = this.#pending.length - this.#pendingLength;
      const n = Math.min(room, samples.length - offset);
      this.#pending.set(samples.subarray(offset, offset + n), this.#pendingLength);
      this.#pendingLength += n;
      offset += n;
      let start = 0;
      while (start + this.frameLength <= this.#pendingLength) {
        this.#analyse(this.#pending, start);
        start += this.hop;
      }
      this.#pending.copyWithin(0, start, this.#pendingLength);
      this.#pendingLength -= start;
    }
  }

  #analyse(samples: Float32Array, start: number): void {
    const frame = this.#frame;
    const window = this.#window;
    const length = this.frameLength;
    let energy = 0;
    let mean = 0;
    for (let i = 0; i < length; i++) mean += samples[start + i]!;
    mean /= length;
    let previous = samples[start]! - mean;
    for (let i = 0; i < length; i++) {
      const x = samples[start + i]! - mean;
      energy += x * x;
      frame[i] = (x - 0.97 * previous) * window[i]!;
      previous = x;
    }
    const db = 10 * Math.log10(energy / length + 1e-16);
    const power = this.#power;
    this.#fft.powerSpectrum(frame, power);
    const logMel = this.#logMel;
    const { offsets, weights } = this.#mel;
    for (let m = 0; m < MEL_BINS; m++) {
      let sum = 0;
      const offset = offsets[m]!;
      const w = weights[m]!;
      for (let k = 0; k < w.length; k++) sum += w[k]! * power[offset + k]!;
      logMel[m] = Math.log(sum + 1e-10);
    }
    const { chunk, at } = this.#slot();
    const dct = this.#dct;
    for (let c = 0; c < CEPSTRA; c++) {
      let sum = 0;
      const row = c * MEL_BINS;
      for (let m = 0; m < MEL_BINS; m++) sum += dct[row + m]! * logMel[m]!;
      chunk[at + c] = quantize(sum, SCALES[c]!);
    }
    chunk[at + ENERGY_DIM] = quantize(db, SCALES[ENERGY_DIM]!);
    // pitch moves slowly: track it on every other frame (it is the costliest part) and repeat it on the next
    if (this.#count % 2 === 1) this.#lastPitch = db > -60 ? this.#pitch(samples, start) : 0;
    chunk[at + PITCH_DIM] = quantize(this.#lastPitch > 0 ? Math.log2(this.#lastPitch) : 0, SCALES[PITCH_DIM]!);
  }

  // normalised autocorrelation of the frame low-passed and decimated to ~4 kHz; the best lag in 60-420 Hz if it
  // correlates well enough, else unvoiced
  #pitch(samples: Float32Array, start: number): number {
    const d = this.#decimate;
    const x = this.#pitchBuf;
    const n = x.length;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += samples[start + i * d + j]!;
      x[i] = s / d;
      mean += x[i]!;
    }
    mean /= n;
    const sq = this.#squares;
    for (let i = 0; i < n; i++) {
      x[i]! -= mean;
      sq[i + 1] = sq[i]! + x[i]! * x[i]!;
    }
    const rate = this.sampleRate / d;
    const minLag = Math.max(2, Math.floor(rate / PITCH_MAX_HZ));
    const maxLag = Math.min(n - 8, Math.ceil(rate / PITCH_MIN_HZ));
    let best = 0;
    let bestLag = 0;
    const r = this.#correlation;
    for (let lag = minLag - 1; lag <= maxLag + 1; lag++) {
      let xy = 0;
      for (let i = 0; i + lag < n; i++) xy += x[i]! * x[i + lag]!;
      const xx = sq[n - lag]!;
      const yy = sq[n]! - sq[lag]!;
      r[lag] = xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
    }
    for (let lag = minLag; lag <= maxLag; lag++) {
      if (r[lag]! > best && r[lag]! >= r[lag - 1]! && r[lag]! >= r[lag + 1]!) {
        best = r[lag]!;
        bestLag = lag;
      }
    }
    if (best < VOICED_CORRELATION || bestLag === 0) return 0;
    // parabolic interpolation around the peak
    const a = r[bestLag - 1]!, b = r[bestLag]!, c = r[bestLag + 1]!;
    const denom = a - 2 * b + c;
    const shift = denom < 0 ? (0.5 * (a - c)) / denom : 0;
    return rate / (bestLag + Math.max(-0.5, Math.min(0.5, shift)));
  }

  #slot(): { chunk: Int16Array; at: number } {
    const index = Math.floor(this.#count / CHUNK_FRAMES);
    if (index === this.#chunks.length) this.#chunks.push(new Int16Array(CHUNK_FRAMES * FRAME_DIMS));
    const at = (this.#count % CHUNK_FRAMES) * FRAME_DIMS;
    this.#count++;
    return { chunk: this.#chunks[index]!, at };
  }
}

function quantize(value: number, scale: number): number {
  return Math.max(-32767, Math.min(32767, Math.round(value * scale)));
}
