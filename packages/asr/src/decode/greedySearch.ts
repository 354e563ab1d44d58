import type { DecodedToken, Hypothesis, LogProbs } from './types.ts';
import { validateLogProbs } from './validateLogProbs.ts';

/**
 * Best-path CTC decoding: the most probable token per frame, repeats collapsed, blanks dropped. A token repeated
 * after a blank is a new token. Each token spans the frames of its run of argmax frames.
 *
 * The score is the log-probability of that single path (there is no boosting or LM, so `boostScore` and `lmScore` are 0).
 *
 * @throws {DecodeError} when the matrix is malformed or `blankId` is not one of its tokens.
 */
export function greedySearch(lp: LogProbs, blankId: number): Hypothesis {
  validateLogProbs(lp, blankId);
  const { data, frames, vocab } = lp;
  const tokens: DecodedToken[] = [];
  let score = 0;
  let prev = blankId;
  let open: DecodedToken | undefined;
  for (let t = 0, row = 0; t < frames; t++, row += vocab) {
    let best = 0;
    let bestLp = data[row] as number;
    for (let v = 1; v < vocab; v++) {
      const x = data[row + v] as number;
      if (x > bestLp) {
        bestLp = x;
        best = v;
      }
    }
    score += bestLp;
    if (best === prev) {
      if (open !== undefined) open.end = t + 1;
    } else if (best === blankId) {
      open = undefined;
    } else {
      open = { id: best, start: t, end: t + 1 };
      tokens.push(open);
    }
    prev = best;
  }
  return { tokens, score, acousticScore: score, boostScore: 0, lmScore: 0 };
}
