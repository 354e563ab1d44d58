import { describe, expect, it } from 'vitest';
import type { ConfidenceConfig, LogisticCalibration } from '../bundle/ModelBundle.ts';
import { createContextGraph } from '../decode/contextGraph.ts';
import { createLogProbs } from '../decode/createLogProbs.ts';
import { createTokenizer } from '../decode/createTokenizer.ts';
import { DecodeError } from '../decode/DecodeError.ts';
import { greedySearch } from '../decode/greedySearch.ts';
import type { DecodedToken } from '../decode/types.ts';
import { estimateNgramModel } from '../lm/estimateNgramModel.ts';
import { applyLogisticCalibration, computeWordFeatures, WORD_FEATURES } from './wordFeatures.ts';
import { type WordBundle, wordsFromHypothesis } from './wordsFromHypothesis.ts';

// a character model: blank, the word boundary, four letters
const tokens = ['<blk>', '▁', 'a', 'b', 'c', 'd'];
const conf: ConfidenceConfig = { measure: 'max_prob', alpha: Number.NaN, aggregation: 'mean', calibration: undefined };
const bundle: WordBundle = { tokens, blankId: 0, wordBoundary: '▁', confidence: conf, output: { frameShiftSeconds: 0.04 } };
// per frame: the best token and its probability (the rest shared evenly)
const frames: Array<[number, number]> = [[2, 0.9], [3, 0.8], [1, 0.9], [4, 0.6], [4, 0.5], [1, 0.9], [2, 0.7], [5, 0.9]];
const lp = createLogProbs(frames.map(([best, p]) => tokens.map((_, v) => (v === best ? p : (1 - p) / (tokens.length - 1)))));
const lm = estimateNgramModel(['ab c ad', 'ab c ab', 'ab ab c'], { order: 2 });
const tok = (id: number, start: number, end = start + 1): DecodedToken => ({ id, start, end });
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));

describe('computeWordFeatures', () => {
  // greedy reads "ab c ad"; the beam's reading here says "ab cc bd" over the same frames
  const greedy = greedySearch(lp, 0);
  const beam = { tokens: [tok(2, 0), tok(3, 1), tok(1, 2), tok(4, 3), tok(4, 4), tok(1, 5), tok(3, 6), tok(5, 7)] };

  it('reads the words, the best-path reading and the LM', () => {
    const f = computeWordFeatures(beam, lp, bundle, { greedy, lm });
    expect(f).toHaveLength(3);
    const [ab, cc, bd] = f as [Record<string, number>, Record<string, number>, Record<string, number>];
    // the acoustic score: the mean posterior of the chosen tokens over their frames; the lowest of them
    // (float32 log-probs: 6 places)
    expect(ab['logitAcoustic']).toBeCloseTo(logit((0.9 + 0.8) / 2), 6);
    expect(ab['logitAcousticMin']).toBeCloseTo(logit(0.8), 6);
    // "bd": the model put 'a' (0.7) at frame 6, so 'b' there has (1 - 0.7) / 5
    expect(bd['logitAcoustic']).toBeCloseTo(logit((0.3 / 5 + 0.9) / 2), 6);
    expect(bd['logitAcousticMin']).toBeCloseTo(logit(0.3 / 5), 6);
    // only "ab" is what the best path says; the neighbours' agreement, 1 past the ends
    expect([ab, cc, bd].map((w) => w['greedyAgrees'])).toEqual([1, 0, 0]);
    expect([ab, cc, bd].map((w) => w['greedyAgreesBefore'])).toEqual([1, 1, 0]);
    expect([ab, cc, bd].map((w) => w['greedyAgreesAfter'])).toEqual([0, 0, 1]);
    expect(ab['logChars']).toBeCloseTo(Math.log(2), 12);
    // from the first token's start to the last token's end: frames 3..5 for "cc"
    expect(cc['logSeconds']).toBeCloseTo(Math.log(2 * 0.04), 12);
    // the LM: "ab" after <s>, then "cc", which it does not know, then "bd" after it
    const ids = ['ab', 'cc', 'bd'].map((w) => lm.wordId(w));
    let state = lm.startState;
    const expected = ids.map((id) => {
      const s = lm.score(state, id);
      state = lm.nextState;
      return s;
    });
    expect([ab, cc, bd].map((w) => w['lmLogProb'])).toEqual(expected);
    expect([ab, cc, bd].map((w) => w['lmUnknown'])).toEqual([0, 1, 1]);
    expect(ab['lmUnigramLogProb']).toBe(lm.unigramLogProb(ids[0]!));
    for (const w of f) expect(Object.keys(w).sort()).toEqual([...WORD_FEATURES].sort());
  });

  it('counts a word as lasting at least 0.02 s (a one-frame word of a 10 ms model)', () => {
    const one = { tokens: [tok(1, 0), tok(2, 1)] };
    expect(computeWordFeatures(one, lp, bundle, { greedy, lm })[0]!['logSeconds']).toBeCloseTo(Math.log(0.04), 12);
    const fine = { ...bundle, output: { frameShiftSeconds: 0.01 } };
    expect(computeWordFeatures(one, lp, fine, { greedy, lm })[0]!['logSeconds']).toBeCloseTo(Math.log(0.02), 12);
  });
});

describe('a logistic calibration', () => {
  const greedy = greedySearch(lp, 0);
  const calibration: LogisticCalibration = { method: 'logistic', features: ['greedyAgrees', 'lmUnknown'], weights: [2, -1.5], bias: 0.25 };

  it('combines the named features only, with their weights', () => {
    const f = computeWordFeatures(greedy, lp, bundle, { greedy, lm })[0]!;
    expect(applyLogisticCalibration(f, calibration)).toBeCloseTo(sigmoid(0.25 + 2 * f.greedyAgrees - 1.5 * f.lmUnknown), 12);
    expect(applyLogisticCalibration({ ...f, logChars: 99 }, calibration)).toBe(applyLogisticCalibration(f, calibration));
  });

  it('gives each word its probability from its features', () => {
    const words = wordsFromHypothesis(greedy, lp, bundle, undefined, calibration, { greedy, lm });
    expect(words.map((w) => w.text)).toEqual(['ab', 'c', 'ad']);
    const f = computeWordFeatures(greedy, lp, bundle, { greedy, lm });
    words.forEach((w, i) => expect(w.confidence).toBeCloseTo(applyLogisticCalibration(f[i]!, calibration), 12));
    // the Platt map of the same words would read the acoustics alone
    const platt = wordsFromHypothesis(greedy, lp, bundle, undefined, { method: 'platt', a: 1, b: 0 });
    expect(platt.map((w) => w.confidence)).not.toEqual(words.map((w) => w.confidence));
  });

  it('refuses to score without the best-path reading and the LM', () => {
    expect(() => wordsFromHypothesis(greedy, lp, bundle, undefined, calibration)).toThrow(DecodeError);
    expect(() => wordsFromHypothesis(greedy, lp, bundle, undefined, calibration)).toThrow(/best-path reading and the language model/);
  });

  it('gives a word joined by a display form its least confident part', () => {
    const graph = createContextGraph([{ phrase: 'c ad', displayAs: 'C-AD' }], {
      tokenize: createTokenizer(tokens, { blankId: 0, wordBoundaryId: 1 }),
      vocabSize: tokens.length,
      blankId: 0,
      wordBoundaryId: 1,
    });
    const plain = wordsFromHypothesis(greedy, lp, bundle, undefined, calibration, { greedy, lm });
    const shown = wordsFromHypothesis(greedy, lp, bundle, graph, calibration, { greedy, lm });
    expect(shown.map((w) => w.text)).toEqual(['ab', 'C-AD']);
    expect(shown[1]!.confidence).toBe(Math.min(plain[1]!.confidence, plain[2]!.confidence));
    expect([shown[1]!.start, shown[1]!.end]).toEqual([plain[1]!.start, plain[2]!.end]);
  });
});
