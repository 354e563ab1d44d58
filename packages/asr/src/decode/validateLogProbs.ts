import { DecodeError } from './DecodeError.ts';
import type { LogProbs } from './types.ts';

/**
 * Checks the shape of a log-prob matrix and that `blankId` is one of its columns.
 * Values are not scanned: the acoustic model is trusted to produce finite log-probabilities.
 */
export function validateLogProbs(lp: LogProbs, blankId: number): void {
  const { frames, vocab, data } = lp;
  if (!Number.isInteger(frames) || frames < 0) {
    throw new DecodeError('invalid-log-probs', `frames must be a non-negative integer, got ${frames}`);
  }
  if (!Number.isInteger(vocab) || vocab < 1) {
    throw new DecodeError('invalid-log-probs', `vocab must be a positive integer, got ${vocab}`);
  }
  if (!(data instanceof Float32Array) || data.length !== frames * vocab) {
    const got = data instanceof Float32Array ? `${data.length} values` : 'no Float32Array';
    const want = `${frames} x ${vocab} = ${frames * vocab}`;
    throw new DecodeError('invalid-log-probs', `expected ${want} log-probs, got ${got}`);
  }
  if (!Number.isInteger(blankId) || blankId < 0 || blankId >= vocab) {
    throw new DecodeError('invalid-blank-id', `blank id ${blankId} is not a token of this ${vocab}-token vocabulary`);
  }
}
