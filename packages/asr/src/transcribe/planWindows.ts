import { TranscribeError } from './TranscribeError.ts';

/** Window geometry in samples, every length a whole number of model output frames. */
export interface WindowPlan {
  /** Samples per model output frame. */
  frameSamples: number;
  /** Samples of a window's own stretch (its core), whose frames it contributes. */
  coreSamples: number;
  /** Context samples on each side of the core. */
  overlapSamples: number;
}

/**
 * Lays out overlapping windows on the model's output-frame grid, so each window's frames fall on the same global
 * frame times and cores tile the audio exactly.
 */
export function planWindows(sampleRate: number, frameShiftSeconds: number, windowSeconds: number, overlapSeconds: number): WindowPlan {
  if (!(Number.isFinite(windowSeconds) && windowSeconds > 0)) {
    throw new TranscribeError('invalid-option', `windowSeconds must be a positive number of seconds, got ${windowSeconds}`);
  }
  if (!(Number.isFinite(overlapSeconds) && overlapSeconds >= 0)) {
    throw new TranscribeError('invalid-option', `overlapSeconds must be zero or more seconds, got ${overlapSeconds}`);
  }
  const frameSamples = Math.max(1, Math.round(frameShiftSeconds * sampleRate));
  // at least one frame of context, so a window's edge frames never land in its core
  const overlapSamples = Math.max(1, Math.round((overlapSeconds * sampleRate) / frameSamples)) * frameSamples;
  const coreFrames = Math.floor((windowSeconds * sampleRate - 2 * overlapSamples) / frameSamples);
  if (coreFrames < 1) {
    throw new TranscribeError('invalid-option', `windowSeconds (${windowSeconds}) must exceed twice overlapSeconds (${overlapSeconds}) by at least one model frame (${frameShiftSeconds} s)`);
  }
  return { frameSamples, coreSamples: coreFrames * frameSamples, overlapSamples };
}
