import { DecodeError } from './DecodeError.ts';
import type { LogProbs } from './types.ts';

/**
 * Builds a log-prob matrix from per-frame probability rows (each row is normalised to sum to 1 first), for tests and
 * tools that write small distributions by hand.
 *
 * @example
 * // two frames over the tokens [a, <blk>]
 * const lp = createLogProbs([[0.6, 0.4], [0.1, 0.9]]);
 */
export function createLogProbs(rows: readonly (readonly number[])[]): LogProbs {
  const frames = rows.length;
  const vocab = rows[0]?.length ?? 1;
  const data = new Float32Array(frames * vocab);
  rows.forEach((row, t) => {
    if (row.length !== vocab) {
      throw new DecodeError('invalid-log-probs', `row ${t} has ${row.length} probabilities, expected ${vocab}`);
    }
    let sum = 0;
    for (const p of row) {
      if (!(p >= 0) || !Number.isFinite(p)) {
        throw new DecodeError('invalid-log-probs', `row ${t} holds ${p}, not a probability`);
      }
      sum += p;
    }
    if (sum <= 0) throw new DecodeError('invalid-log-probs', `row ${t} sums to 0`);
    for (let v = 0; v < vocab; v++) data[t * vocab + v] = Math.log((row[v] ?? 0) / sum);
  });
  return { data, frames, vocab };
}
