/** Row-major (frames x vocab) natural-log probabilities from the acoustic model. */
export interface LogProbs {
  data: Float32Array;
  frames: number;
  vocab: number;
}

/** One emitted token and the frames [start, end) where it was the output (its first frame .. last repeat). */
export interface DecodedToken {
  id: number;
  start: number;
  end: number;
}

/**
 * One decoded labelling.
 *
 * `acousticScore` is the natural-log acoustic probability and never includes vocabulary boosting: for beam search it
 * is the CTC probability of the labelling (summed over all its alignments), for greedy search the log-probability of
 * the single best path. `boostScore` is the vocabulary bonus of the completed phrases in `tokens`, `lmScore` the
 * weighted language-model score of its words (`alpha * ln p + beta` per word, end of sentence included), and
 * `score = acousticScore + boostScore + lmScore` is what hypotheses are ranked by.
 */
export interface Hypothesis {
  tokens: DecodedToken[];
  score: number;
  acousticScore: number;
  boostScore: number;
  lmScore: number;
}
