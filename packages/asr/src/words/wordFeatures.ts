import type { LogisticCalibration } from '../bundle/ModelBundle.ts';
import type { Hypothesis, LogProbs } from '../decode/types.ts';
import type { WordLanguageModel } from '../lm/WordLanguageModel.ts';
import { frameConfidence } from './frameConfidence.ts';
import { wordDrafts, type WordDraft } from './wordDrafts.ts';
import type { WordBundle } from './wordsFromHypothesis.ts';

/**
 * The word features a logistic confidence calibration (model.json `lm.calibration`, method `logistic`) may combine,
 * each computed from the word, the log-probs it was decoded from, the best-path reading of those log-probs and the
 * decoding's language model — all local to the word, so a 3-hour file scores its words as a 5-second one does:
 * - `logitAcoustic`: logit of the word's acoustic score as model.json `confidence` defines it (measure, aggregation);
 * - `logitAcousticMin`: logit of the lowest posterior of the word's own tokens over their frames;
 * - `greedyAgrees`, `greedyAgreesBefore`, `greedyAgreesAfter`: 1 when the best-path reading has the same word over
 *   overlapping frames (for this word, the one before, the one after; 1 past the ends), else 0;
 * - `logChars`: ln of the word's length in characters; `logSeconds`: ln of its duration (at least 0.02 s);
 * - `lmLogProb`: ln P(word | the words before it) under the LM; `lmUnigramLogProb`: ln P(word);
 *   `lmUnknown`: 1 when the LM does not know the word.
 */
export const WORD_FEATURES = [
  'logitAcoustic',
  'logitAcousticMin',
  'greedyAgrees',
  'greedyAgreesBefore',
  'greedyAgreesAfter',
  'logChars',
  'logSeconds',
  'lmLogProb',
  'lmUnigramLogProb',
  'lmUnknown',
] as const;

/** One of {@link WORD_FEATURES}. */
export type WordFeature = (typeof WORD_FEATURES)[number];

/** What word features are read from besides the word itself: the best-path reading and the decoding's LM. */
export interface WordFeatureContext {
  /** The best-path (greedy) decoding of the same log-probs. */
  readonly greedy: Pick<Hypothesis, 'tokens'>;
  /** The language model the words were decoded with. */
  readonly lm: WordLanguageModel;
}

/**
 * Every {@link WORD_FEATURES} value of each word of `hyp` (its words as {@link wordDrafts} splits them, in order), for
 * fitting a logistic calibration and for applying one.
 */
export function computeWordFeatures(hyp: Pick<Hypothesis, 'tokens'>, lp: LogProbs, bundle: WordBundle, context: WordFeatureContext): Record<WordFeature, number>[] {
  return featuresOfDrafts(wordDrafts(hyp.tokens, bundle), lp, bundle, context);
}

/** {@link computeWordFeatures} of words already split. */
export function featuresOfDrafts(drafts: readonly WordDraft[], lp: LogProbs, bundle: WordBundle, context: WordFeatureContext): Record<WordFeature, number>[] {
  const greedy = wordDrafts(context.greedy.tokens, bundle);
  const agrees = drafts.map((d) => (greedy.some((g) => g.text === d.text && overlaps(g, d)) ? 1 : 0));
  const { lm } = context;
  let state = lm.startState;
  const shift = bundle.output.frameShiftSeconds;
  return drafts.map((d, k) => {
    const id = lm.wordId(d.text);
    const lmLogProb = lm.score(state, id);
    state = lm.nextState;
    let min = 1;
    for (let s = 0; s < d.spans.length; s += 2) {
      const tok = d.ids[s / 2]!;
      for (let t = d.spans[s]!; t < d.spans[s + 1]!; t++) min = Math.min(min, Math.exp(lp.data[t * lp.vocab + tok]!));
    }
    return {
      logitAcoustic: logit(acousticScore(d, lp, bundle)),
      logitAcousticMin: logit(min),
      greedyAgrees: agrees[k]!,
      greedyAgreesBefore: k > 0 ? agrees[k - 1]! : 1,
      greedyAgreesAfter: k < drafts.length - 1 ? agrees[k + 1]! : 1,
      logChars: Math.log(Math.max(1, d.text.length)),
      logSeconds: Math.log(Math.max(0.02, (d.spans.at(-1)! - d.spans[0]!) * shift)),
      lmLogProb,
      lmUnigramLogProb: lm.unigramLogProb(id),
      lmUnknown: id === lm.unkId ? 1 : 0,
    };
  });
}

/** P(word is right) under a logistic calibration, from the word's {@link computeWordFeatures}. */
export function applyLogisticCalibration(features: Readonly<Record<WordFeature, number>>, calibration: LogisticCalibration): number {
  let z = calibration.bias;
  calibration.features.forEach((name, i) => (z += calibration.weights[i]! * features[name]));
  return 1 / (1 + Math.exp(-z));
}

/**
 * The word's acoustic score as model.json `confidence` defines it: the per-frame measure over its tokens' frames
 * (for `max_prob`, the posterior of the token emitted there), combined by the aggregation.
 */
export function acousticScore(d: Pick<WordDraft, 'spans' | 'ids'>, lp: LogProbs, bundle: Pick<WordBundle, 'confidence'>): number {
  const { measure, alpha, aggregation } = bundle.confidence;
  let acc = aggregation === 'min' ? Infinity : aggregation === 'prod' ? 1 : 0;
  let n = 0;
  for (let s = 0; s < d.spans.length; s += 2) {
    const id = d.ids[s / 2]!;
    for (let t = d.spans[s]!; t < d.spans[s + 1]!; t++) {
      // max_prob scores the token the decoder chose (on the greedy path that is the top posterior itself), so a
      // word an LM or a boost preferred against the acoustics shows the acoustics' doubt
      const c = measure === 'max_prob' ? Math.exp(lp.data[t * lp.vocab + id]!) : frameConfidence(lp, t, { measure, alpha });
      acc = aggregation === 'min' ? Math.min(acc, c) : aggregation === 'prod' ? acc * c : acc + c;
      n++;
    }
  }
  return n === 0 ? 0 : aggregation === 'mean' ? acc / n : acc;
}

// two words overlap when their frame ranges (first token's start .. last token's end) meet
function overlaps(a: WordDraft, b: WordDraft): boolean {
  return Math.min(a.spans.at(-1)!, b.spans.at(-1)!) >= Math.max(a.spans[0]!, b.spans[0]!);
}

function logit(p: number): number {
  const c = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.log(c / (1 - c));
}
