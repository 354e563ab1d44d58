/**
 * Waveform peaks in the BBC audiowaveform JSON layout (version 2) that wavesurfer.js and peaks.js read: for
 * each pixel of `samples_per_pixel` samples at `sample_rate`, the minimum and maximum as 8-bit values in
 * [-128, 127], interleaved in `data` (`length` pairs). Divide by 128 for wavesurfer's floats in [-1, 1].
 */
export interface WaveformPeaks {
  readonly version: 2;
  readonly channels: 1;
  readonly sample_rate: number;
  readonly samples_per_pixel: number;
  readonly bits: 8;
  readonly length: number;
  readonly data: readonly number[];
}

/** Rate the audio is decoded at for peaks (and for the duration). */
export const PEAKS_SAMPLE_RATE = 16000;

/** 50 pixels per second: a 90-minute recording gives 270 000 min/max pairs (a few MB of JSON). */
export const PEAKS_SAMPLES_PER_PIXEL = 320;

/**
 * Accumulates {@link WaveformPeaks} from mono blocks as they are decoded, so memory grows by two bytes per pixel
 * and never holds the audio itself.
 */
export class PeaksBuilder {
  readonly sampleRate: number;
  readonly samplesPerPixel: number;
  #pairs = new Int8Array(1024);
  #length = 0;
  #inPixel = 0;
  #min = Infinity;
  #max = -Infinity;
  #samples = 0;

  constructor(sampleRate = PEAKS_SAMPLE_RATE, samplesPerPixel = PEAKS_SAMPLES_PER_PIXEL) {
    if (!Number.isInteger(samplesPerPixel) || samplesPerPixel < 1) throw new RangeError(`samplesPerPixel must be a positive integer, got ${samplesPerPixel}`);
    this.sampleRate = sampleRate;
    this.samplesPerPixel = samplesPerPixel;
  }

  /** Samples seen so far. */
  get samples(): number {
    return this.#samples;
  }

  push(block: Float32Array): void {
    for (let i = 0; i < block.length; i++) {
      const v = block[i]!;
      if (v < this.#min) this.#min = v;
      if (v > this.#max) this.#max = v;
      if (++this.#inPixel === this.samplesPerPixel) this.#flush();
    }
    this.#samples += block.length;
  }

  /** The peaks of everything pushed; a last partial pixel counts as a pixel. */
  finish(): WaveformPeaks {
    if (this.#inPixel > 0) this.#flush();
    return {
      version: 2,
      channels: 1,
      sample_rate: this.sampleRate,
      samples_per_pixel: this.samplesPerPixel,
      bits: 8,
      length: this.#length,
      data: Array.from(this.#pairs.subarray(0, this.#length * 2)),
    };
  }

  #flush(): void {
    if (this.#length * 2 + 2 > this.#pairs.length) {
      const grown = new Int8Array(this.#pairs.length * 2);
      grown.set(this.#pairs);
      this.#pairs = grown;
    }
    this.#pairs[this.#length * 2] = quantize(this.#min);
    this.#pairs[this.#length * 2 + 1] = quantize(this.#max);
    this.#length++;
    this.#inPixel = 0;
    this.#min = Infinity;
    this.#max = -Infinity;
  }
}

function quantize(v: number): number {
  return Math.max(-128, Math.min(127, Math.round(v * 128)));
}
