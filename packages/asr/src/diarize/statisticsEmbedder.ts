import type { SpeakerEmbedder } from './SpeakerEmbedder.ts';
import { CEPSTRA, PITCH_DIM, type SpeakerFeatures } from './SpeakerFeatures.ts';

/** Weights of the statistics embedder's parts. */
export interface StatisticsEmbedderOptions {
  /** Weight of the cepstral means (vocal tract, timbre). */
  mean?: number;
  /** Weight of the cepstral standard deviations (how the spectrum moves). */
  spread?: number;
  /** Weight of the median pitch (log2 Hz: one octave = 1). */
  pitch?: number;
  /** Merge threshold (see {@link SpeakerEmbedder.threshold}). */
  threshold?: number;
}

/** Defaults measured on the recipe's tuning conversations (models/diarize, training voices only). */
export const STATISTICS_EMBEDDER_DEFAULTS: Required<StatisticsEmbedderOptions> = { mean: 1, spread: 1, pitch: 4, threshold: 5 };

/**
 * The classical speaker embedding: per-stretch mean and standard deviation of the 19 mel cepstra plus the median
 * pitch of its voiced frames (NaN when fewer than a fifth are voiced), each part weighted. No trained weights; see
 * models/diarize for why it was chosen and what it measures.
 */
export function statisticsEmbedder(options: StatisticsEmbedderOptions = {}): SpeakerEmbedder {
  const w = { ...STATISTICS_EMBEDDER_DEFAULTS, ...options };
  return {
    id: `statistics(mean ${w.mean}, spread ${w.spread}, pitch ${w.pitch})`,
    threshold: w.threshold,
    embed(features: SpeakerFeatures, frames: readonly number[]): Float64Array {
      const out = new Float64Array(2 * CEPSTRA + 1);
      const n = frames.length;
      if (n === 0) return out.fill(Number.NaN);
      const sum = new Float64Array(CEPSTRA);
      const squares = new Float64Array(CEPSTRA);
      const pitches: number[] = [];
      for (const f of frames) {
        for (let c = 0; c < CEPSTRA; c++) {
          const v = features.get(f, c);
          sum[c]! += v;
          squares[c]! += v * v;
        }
        const p = features.get(f, PITCH_DIM);
        if (p > 0) pitches.push(p);
      }
      for (let c = 0; c < CEPSTRA; c++) {
        const mean = sum[c]! / n;
        out[c] = w.mean * mean;
        out[CEPSTRA + c] = w.spread * Math.sqrt(Math.max(0, squares[c]! / n - mean * mean));
      }
      out[2 * CEPSTRA] = pitches.length >= 0.2 * n && pitches.length >= 5 ? w.pitch * median(pitches) : Number.NaN;
      return out;
    },
  };
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
