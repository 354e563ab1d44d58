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

/** 50 pixels per second (at 16 kHz) while the recording is short enough for {@link MAX_PEAK_PIXELS}. */
export const PEAKS_SAMPLES_PER_PIXEL = 320;

/**
 * Most pixels the peaks of one recording have, whatever its length: 2^19 (1 MiB of 8-bit min/max pairs; 2 h 55 min at
 * 50 pixels per second). Longer recordings get coarser pixels (2×, 4×, … the samples per pixel).
 */
export const MAX_PEAK_PIXELS = 1 << 19;

/**
 * Accumulates {@link WaveformPeaks} from mono blocks as they are decoded, so memory grows by two bytes per pixel
 * and never holds the audio itself. The pixel count is capped: when it reaches `maxPixels`, neighbouring pixels
 * are merged and the samples per pixel double, so a recording of any length gives at most `maxPixels` pixels.
 */
export class PeaksBuilder {
  readonly sampleRate: number;
  readonly maxPixels: number;
  #samplesPerPixel: number;
  #pairs = new Int8Array(1024);
  #length = 0;
  #inPixel = 0;
  #min = Infinity;
  #max = -Infinity;
  #samples = 0;

  constructor(sampleRate = PEAKS_SAMPLE_RATE, samplesPerPixel = PEAKS_SAMPLES_PER_PIXEL, maxPixels = MAX_PEAK_PIXELS) {
    if (!Number.isInteger(samplesPerPixel) || samplesPerPixel < 1) throw new RangeError(`samplesPerPixel must be a positive integer, got ${samplesPerPixel}`);
    if (!Number.isInteger(maxPixels) || maxPixels < 2 || maxPixels % 2 !== 0) throw new RangeError(`maxPixels must be an even integer of at least 2, got ${maxPixels}`);
    this.sampleRate = sampleRate;
    this.#samplesPerPixel = samplesPerPixel;
    this.maxPixels = maxPixels;
  }

  /** Samples each pixel covers now (it doubles each time the pixel count reaches `maxPixels`). */
  get samplesPerPixel(): number {
    return this.#samplesPerPixel;
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
      if (++this.#inPixel === this.#samplesPerPixel) this.#flush();
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
      samples_per_pixel: this.#samplesPerPixel,
      bits: 8,
      length: this.#length,
      data: Array.from(this.#pairs.subarray(0, this.#length * 2)),
    };
  }

  #flush(): void {
    if (this.#length * 2 + 2 > this.#pairs.length) {
      const grown = new Int8Array(Math.min(this.#pairs.length * 2, this.maxPixels * 2));
      grown.set(this.#pairs);
      this.#pairs = grown;
    }
    this.#pairs[this.#length * 2] = quantize(this.#min);
    this.#pairs[this.#length * 2 + 1] = quantize(this.#max);
    this.#length++;
    this.#inPixel = 0;
    this.#min = Infinity;
    this.#max = -Infinity;
    if (this.#length === this.maxPixels) this.#halve();
  }

  // merges neighbouring pixels: every later pixel covers twice the samples, so pixel boundaries stay aligned
  #halve(): void {
    const pairs = this.#pairs;
    for (let i = 0; i < this.#length / 2; i++) {
      pairs[2 * i] = Math.min(pairs[4 * i]!, pairs[4 * i + 2]!);
      pairs[2 * i + 1] = Math.max(pairs[4 * i + 1]!, pairs[4 * i + 3]!);
    }
    this.#length /= 2;
    this.#samplesPerPixel *= 2;
  }
}

function quantize(v: number): number {
  return Math.max(-128, Math.min(127, Math.round(v * 128)));
}
