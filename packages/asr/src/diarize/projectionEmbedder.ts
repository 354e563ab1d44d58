import type { SpeakerEmbedder } from './SpeakerEmbedder.ts';
import { SPEAKER_PROJECTION } from './speakerProjection.ts';
import { STATISTICS_PITCH, statisticsVector } from './statisticsVector.ts';

/** A linear speaker projection over statistics vectors (see {@link SPEAKER_PROJECTION}). */
export interface SpeakerProjection {
  readonly pitchFill: number;
  readonly dims: number;
  readonly inputs: number;
  /** Row-major `dims × inputs`. */
  readonly matrix: readonly number[];
  readonly offset: readonly number[];
}

/** Options of {@link projectionEmbedder}. */
export interface ProjectionEmbedderOptions {
  /** The projection (default: the one trained by the recipe, {@link SPEAKER_PROJECTION}). */
  projection?: SpeakerProjection;
  /** Merge threshold in the projection's units (within-person scatter whitened). */
  threshold?: number;
}

/** The default merge threshold of {@link projectionEmbedder}, chosen on the recipe's tuning conversations. */
export const PROJECTION_THRESHOLD = 7;

/**
 * The default speaker embedding: the statistics vector (cepstral mean/std, pitch, voicing) of a stretch, through a
 * linear discriminant projection trained by the recipe on hundreds of synthetic training voices
 * (models/recipe/verbatim_recipe/diarize). It whitens the within-speaker scatter, so one threshold counts speakers
 * in any recording.
 */
export function projectionEmbedder(options: ProjectionEmbedderOptions = {}): SpeakerEmbedder {
  const p = options.projection ?? SPEAKER_PROJECTION;
  const threshold = options.threshold ?? PROJECTION_THRESHOLD;
  return {
    id: `lda(${p.dims}x${p.inputs})`,
    threshold,
    embed(features, frames) {
      const x = statisticsVector(features, frames);
      if (Number.isNaN(x[STATISTICS_PITCH]!)) x[STATISTICS_PITCH] = p.pitchFill;
      const out = new Float64Array(p.dims);
      for (let d = 0; d < p.dims; d++) {
        let sum = -p.offset[d]!;
        for (let i = 0; i < p.inputs; i++) sum += p.matrix[d * p.inputs + i]! * x[i]!;
        out[d] = sum;
      }
      return out;
    },
  };
}
