import type { FrontEndConfig } from '../bundle/ModelBundle.ts';

/** Triangular mel filters over the `nFft / 2 + 1` spectrum bins, stored sparsely (each filter's non-zero run). */
export interface MelFilterBank {
  readonly numBins: number;
  readonly spectrumBins: number;
  /** First spectrum bin of each filter's non-zero run. */
  readonly offsets: Int32Array;
  /** Weights of each filter's run. */
  readonly weights: readonly Float64Array[];
}

type MelConfig = Pick<FrontEndConfig, 'sampleRate' | 'numMelBins' | 'nFft' | 'lowFreq' | 'highFreq' | 'melNorm'>;

const LOG_6_4 = Math.log(6.4);

function hzToMelSlaney(f: number): number {
  return f <= 1000 ? (f * 3) / 200 : 15 + (27 / LOG_6_4) * Math.log(Math.max(f, 1e-9) / 1000);
}

function melToHzSlaney(m: number): number {
  return m <= 15 ? (200 / 3) * m : 1000 * Math.exp(((m - 15) * LOG_6_4) / 27);
}

/**
 * The dense `(numMelBins, nFft / 2 + 1)` Slaney filter matrix, row-major, built exactly as the recipe's `mel_matrix()`
 * (librosa / kaldi-native-fbank's librosa mode): edges evenly spaced on the Slaney mel scale, strict triangle
 * interiors, optional Slaney area normalisation `2 / (right - left)`.
 */
export function melMatrix(cfg: MelConfig): Float64Array {
  const nBins = cfg.nFft / 2 + 1;
  const high = cfg.highFreq > 0 ? cfg.highFreq : cfg.sampleRate / 2 + cfg.highFreq;
  const lo = hzToMelSlaney(cfg.lowFreq);
  const hi = hzToMelSlaney(high);
  const edges = new Float64Array(cfg.numMelBins + 2);
  for (let i = 0; i < edges.length; i++) edges[i] = melToHzSlaney(lo + ((hi - lo) / (cfg.numMelBins + 1)) * i);
  const m = new Float64Array(cfg.numMelBins * nBins);
  for (let b = 0; b < cfg.numMelBins; b++) {
    const left = edges[b]!, center = edges[b + 1]!, right = edges[b + 2]!;
    const norm = cfg.melNorm === 'slaney' ? 2 / (right - left) : 1;
    for (let k = 0; k < nBins; k++) {
      const hz = (k * cfg.sampleRate) / cfg.nFft;
      if (!(hz > left && hz < right)) continue;
      const w = hz <= center ? (hz - left) / (center - left) : (right - hz) / (right - center);
      m[b * nBins + k] = w * norm;
    }
  }
  return m;
}

/** {@link melMatrix} in sparse form, for the per-frame product. */
export function melFilterBank(cfg: MelConfig): MelFilterBank {
  const dense = melMatrix(cfg);
  const nBins = cfg.nFft / 2 + 1;
  const offsets = new Int32Array(cfg.numMelBins);
  const weights: Float64Array[] = [];
  for (let b = 0; b < cfg.numMelBins; b++) {
    const row = dense.subarray(b * nBins, (b + 1) * nBins);
    let first = row.findIndex((w) => w !== 0);
    let last = -1;
    for (let k = nBins - 1; k >= 0; k--) if (row[k] !== 0) { last = k; break; }
    if (first < 0) first = last = 0; // an empty filter (too many bins for nFft) contributes nothing
    offsets[b] = first;
    weights.push(row.slice(first, last + 1));
  }
  return { numBins: cfg.numMelBins, spectrumBins: nBins, offsets, weights };
}
