import type { SpeakerEmbedder } from './SpeakerEmbedder.ts';
import { CEPSTRA } from './SpeakerFeatures.ts';
import { STATISTICS_PITCH, statisticsVector } from './statisticsVector.ts';

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

/** Defaults: a hand-weighted baseline, kept to compare the trained projection with (models/diarize). */
export const STATISTICS_EMBEDDER_DEFAULTS: Required<StatisticsEmbedderOptions> = { mean: 1, spread: 1, pitch: 4, threshold: 8 };

/**
 * The untrained speaker embedding: per-stretch mean and standard deviation of the 19 mel cepstra plus the median
 * pitch of its voiced frames (NaN when too few are voiced), each part weighted by hand.
 */
export function statisticsEmbedder(options: StatisticsEmbedderOptions = {}): SpeakerEmbedder {
  const w = { ...STATISTICS_EMBEDDER_DEFAULTS, ...options };
  return {
    id: `statistics(mean ${w.mean}, spread ${w.spread}, pitch ${w.pitch})`,
    threshold: w.threshold,
    embed(features, frames) {
      const stats = statisticsVector(features, frames);
      const out = new Float64Array(2 * CEPSTRA + 1);
      for (let c = 0; c < CEPSTRA; c++) {
        out[c] = w.mean * stats[c]!;
        out[CEPSTRA + c] = w.spread * stats[CEPSTRA + c]!;
      }
      out[2 * CEPSTRA] = w.pitch * stats[STATISTICS_PITCH]!;
      return out;
    },
  };
}
