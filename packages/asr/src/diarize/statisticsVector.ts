import { CEPSTRA, PITCH_DIM, type SpeakerFeatures } from './SpeakerFeatures.ts';

/** Length of {@link statisticsVector}. */
export const STATISTICS_DIMS = 2 * CEPSTRA + 2;
/** Where the median pitch sits in {@link statisticsVector} (NaN when too few frames are voiced). */
export const STATISTICS_PITCH = 2 * CEPSTRA;

/**
 * Summary statistics of a stretch of speech: mean and standard deviation of each of the 19 cepstra, the median pitch
 * of its voiced frames (log2 Hz; NaN when fewer than a fifth, or fewer than 5, are voiced) and the voiced share.
 */
export function statisticsVector(features: SpeakerFeatures, frames: readonly number[]): Float64Array {
  const out = new Float64Array(STATISTICS_DIMS);
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
    out[c] = mean;
    out[CEPSTRA + c] = Math.sqrt(Math.max(0, squares[c]! / n - mean * mean));
  }
  out[STATISTICS_PITCH] = pitches.length >= 0.2 * n && pitches.length >= 5 ? median(pitches) : Number.NaN;
  out[STATISTICS_PITCH + 1] = pitches.length / n;
  return out;
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
