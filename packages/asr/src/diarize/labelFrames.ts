import type { SpeakerFeatures } from './SpeakerFeatures.ts';

/** A stretch of speech embedded as one: frames [start, end), the loud-enough ones, its vector and its speaker. */
export interface SpeechWindow {
  start: number;
  end: number;
  frames: number[];
  embedding: Float64Array;
  speaker: number;
}

/** Runs of one speaker shorter than this many frames (0.2 s) between two runs of another take their neighbours' label. */
const MIN_RUN_FRAMES = 10;

/**
 * The speaker of every frame (-1 outside speech): the label of the window whose centre is nearest among the windows
 * that hold the frame, then short islands smoothed away.
 */
export function labelFrames(features: SpeakerFeatures, windows: readonly SpeechWindow[], _count: number): Int16Array {
  const labels = new Int16Array(features.count).fill(-1);
  const distance = new Float64Array(features.count).fill(Infinity);
  for (const w of windows) {
    const centre = (w.start + w.end) / 2;
    for (let f = w.start; f < w.end; f++) {
      const d = Math.abs(f - centre);
      if (d < distance[f]!) {
        distance[f] = d;
        labels[f] = w.speaker;
      }
    }
  }
  // islands: a run shorter than MIN_RUN_FRAMES with the same speaker on both sides
  let f = 0;
  while (f < labels.length) {
    let g = f;
    while (g < labels.length && labels[g] === labels[f]) g++;
    const before = f > 0 ? labels[f - 1]! : -2;
    const after = g < labels.length ? labels[g]! : -2;
    if (labels[f]! >= 0 && g - f < MIN_RUN_FRAMES && before >= 0 && before === after) labels.fill(before, f, g);
    f = g;
  }
  return labels;
}
