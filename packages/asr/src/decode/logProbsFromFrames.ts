import { createLogProbs } from './createLogProbs.ts';
import { DecodeError } from './DecodeError.ts';
import type { LogProbs } from './types.ts';

/**
 * Writes a log-prob matrix the way one reads CTC output, for tests: each frame is either a token (it gets almost all
 * the mass) or a map from tokens to probabilities; every token not named gets `floor`, then rows are normalised.
 *
 * @example
 * const tokens = ['▁', 'a', 'b', '<blk>'];
 * logProbsFromFrames(tokens, ['a', 'a', '<blk>', { a: 0.4, b: 0.35, '<blk>': 0.25 }]);
 */
export function logProbsFromFrames(
  tokens: readonly string[],
  frames: readonly (string | Readonly<Record<string, number>>)[],
  floor = 1e-4,
): LogProbs {
  const index = new Map(tokens.map((tok, id) => [tok, id]));
  const idOf = (tok: string): number => {
    const id = index.get(tok);
    if (id === undefined) throw new DecodeError('invalid-log-probs', `${JSON.stringify(tok)} is not a token`);
    return id;
  };
  const rows = frames.map((frame) => {
    const row = new Array<number>(tokens.length).fill(floor);
    if (typeof frame === 'string') row[idOf(frame)] = 1 - floor * (tokens.length - 1);
    else for (const [tok, p] of Object.entries(frame)) row[idOf(tok)] = p;
    return row;
  });
  if (rows.length === 0) return { data: new Float32Array(0), frames: 0, vocab: tokens.length };
  return createLogProbs(rows);
}
