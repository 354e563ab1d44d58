import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfidenceConfig } from '../bundle/ModelBundle.ts';
import { createContextGraph } from '../decode/contextGraph.ts';
import { createLogProbs } from '../decode/createLogProbs.ts';
import { createTokenizer } from '../decode/createTokenizer.ts';
import { greedySearch } from '../decode/greedySearch.ts';
import type { LogProbs } from '../decode/types.ts';
import { loadModelBundle } from '../node/loadModelBundle.ts';
import { fixturePath, readF32, readFixtures, testBundleDir } from '../../test/testFixtures.ts';
import { calibrateConfidence } from './calibrateConfidence.ts';
import { wordsFromHypothesis, type WordBundle } from './wordsFromHypothesis.ts';

interface Reference {
  tokens: string[];
  blankId: number;
  frames: number;
  vocab: number;
  logprobs: number[];
  words: { text: string; startFrame: number; endFrame: number; frames: number[] }[];
  cases: { measure: 'max_prob' | 'tsallis'; alpha: number | null; aggregation: 'min' | 'mean' | 'prod'; a: number; b: number; raw: number[]; confidence: number[] }[];
}

// computed by the recipe's confidence.py (see __fixtures__/confidence.py)
const ref = JSON.parse(readFileSync(join(import.meta.dirname, '__fixtures__', 'confidence.json'), 'utf8')) as Reference;
const lp: LogProbs = { data: Float32Array.from(ref.logprobs), frames: ref.frames, vocab: ref.vocab };

function bundleFor(confidence: ConfidenceConfig, tokens = ref.tokens, wordBoundary = '▁'): WordBundle {
  return { tokens, blankId: ref.blankId, wordBoundary, confidence, output: { frameShiftSeconds: 0.04 } };
}

describe('wordsFromHypothesis against the recipe', () => {
  const hyp = greedySearch(lp, ref.blankId);

  for (const c of ref.cases) {
    it(`${c.measure}${c.alpha ? ` (alpha ${c.alpha.toFixed(3)})` : ''} aggregated by ${c.aggregation}`, () => {
      const confidence: ConfidenceConfig = { measure: c.measure, alpha: c.alpha ?? Number.NaN, aggregation: c.aggregation, calibration: { method: 'platt', a: c.a, b: c.b } };
      const words = wordsFromHypothesis(hyp, lp, bundleFor(confidence));
      expect(words.map((w) => w.text)).toEqual(ref.words.map((w) => w.text));
      words.forEach((w, i) => {
        expect(w.start).toBeCloseTo(ref.words[i]!.startFrame * 0.04, 9);
        expect(w.end).toBeCloseTo(ref.words[i]!.endFrame * 0.04, 9);
        expect(w.confidence).toBeCloseTo(c.confidence[i]!, 9);
      });
      const raw = wordsFromHypothesis(hyp, lp, bundleFor({ ...confidence, calibration: undefined }));
      raw.forEach((w, i) => expect(w.confidence).toBeCloseTo(c.raw[i]!, 9));
    });
  }
});

describe('wordsFromHypothesis', () => {
  const conf: ConfidenceConfig = { measure: 'max_prob', alpha: Number.NaN, aggregation: 'mean', calibration: undefined };

  it('starts words at pieces carrying the boundary marker (sentencepiece style)', () => {
    const tokens = ['<blk>', '▁the', '▁ca', 't', 's', '▁', 'a', '<unk>'];
    // frame 4 emits <unk>: it adds no text and is no frame of "cats"
    const rows = [1, 0, 2, 3, 7, 4, 5, 6].map((best) => tokens.map((_, v) => (v === best ? 0.9 : 0.1 / 7)));
    const words = wordsFromHypothesis(greedySearch(createLogProbs(rows), 0), createLogProbs(rows), {
      tokens, blankId: 0, wordBoundary: '▁', confidence: conf, output: { frameShiftSeconds: 0.02 },
    });
    expect(words.map((w) => [w.text, w.start, w.end])).toEqual([['the', 0, 0.02], ['cats', 0.04, 0.12], ['a', 0.14, 0.16]]);
    for (const w of words) expect(w.confidence).toBeCloseTo(0.9, 6);
  });

  it('shows a vocabulary display form over the words it covers, with their pooled confidence', () => {
    const hyp = greedySearch(lp, ref.blankId);
    const plain = wordsFromHypothesis(hyp, lp, bundleFor(conf));
    const graph = createContextGraph([{ phrase: "the cat's", displayAs: "The Cat's" }, { phrase: 'zen' }], {
      tokenize: createTokenizer(ref.tokens, { blankId: ref.blankId, wordBoundaryId: 0 }),
      vocabSize: ref.vocab,
      blankId: ref.blankId,
      wordBoundaryId: 0,
    });
    const shown = wordsFromHypothesis(hyp, lp, bundleFor(conf), graph);
    expect(shown.map((w) => w.text)).toEqual(["The Cat's", 'a', 'hello', 'zen']);
    expect(shown[0]!.start).toBe(plain[0]!.start);
    expect(shown[0]!.end).toBe(plain[1]!.end);
    const [lo, hi] = [Math.min(plain[0]!.confidence, plain[1]!.confidence), Math.max(plain[0]!.confidence, plain[1]!.confidence)];
    expect(shown[0]!.confidence).toBeGreaterThanOrEqual(lo);
    expect(shown[0]!.confidence).toBeLessThanOrEqual(hi);
    expect(shown.slice(1)).toEqual(plain.slice(2));
  });

  it('gives no words for an all-blank hypothesis', () => {
    expect(wordsFromHypothesis({ tokens: [] }, lp, bundleFor(conf))).toEqual([]);
  });

  it('clips the raw score before the logit, as the recipe does', () => {
    const cal = { method: 'platt' as const, a: 1, b: 0 };
    expect(calibrateConfidence(1, cal)).toBeCloseTo(1 - 1e-6, 12);
    expect(calibrateConfidence(0, cal)).toBeCloseTo(1e-6, 12);
    expect(calibrateConfidence(0.3, cal)).toBeCloseTo(0.3, 12);
  });
});

describe(`words of the bundle's fixtures (${testBundleDir})`, async () => {
  const bundle = await loadModelBundle(testBundleDir);
  for (const u of readFixtures().utterances) {
    it(`${u.name}: greedy words spell the recipe's greedy text, with calibrated confidences`, () => {
      const [frames, vocab] = u.logprobs.shape;
      const fx: LogProbs = { data: readF32(fixturePath(u.logprobs.file)), frames, vocab };
      const words = wordsFromHypothesis(greedySearch(fx, bundle.blankId), fx, bundle);
      expect(words.map((w) => w.text).join(' ')).toBe(u.greedy);
      for (const w of words) {
        expect(w.confidence).toBeGreaterThan(0);
        expect(w.confidence).toBeLessThan(1);
        expect(w.end).toBeGreaterThan(w.start);
        expect(w.end).toBeLessThanOrEqual(frames * bundle.output.frameShiftSeconds + 1e-9);
      }
    });
  }
});
