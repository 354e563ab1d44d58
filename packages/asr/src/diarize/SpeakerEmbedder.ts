import type { SpeakerFeatures } from './SpeakerFeatures.ts';

/**
 * Turns a stretch of one voice (the frames of ~0.5-2 s of speech) into a fixed-length vector; stretches of the same
 * voice lie close together, in euclidean distance. Entries may be NaN where the stretch says nothing about them
 * (pitch of unvoiced speech); distances skip those.
 */
export interface SpeakerEmbedder {
  /** Names the method, for notes and evaluation output. */
  readonly id: string;
  /** Distance (see `embeddingDistance`) above which two clusters are taken as different voices when counting speakers. */
  readonly threshold: number;
  /** The embedding of `frames` (indices into `features`, in order). */
  embed(features: SpeakerFeatures, frames: readonly number[]): Float64Array;
}

/**
 * Euclidean distance between two embeddings over the entries both have (not NaN), scaled to the full length so that
 * a missing entry neither shrinks nor grows the distance; Infinity when they share none.
 */
export function embeddingDistance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  let used = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (Number.isNaN(d)) continue;
    sum += d * d;
    used++;
  }
  return used === 0 ? Infinity : Math.sqrt((sum * a.length) / used);
}
