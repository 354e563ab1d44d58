import { describe, expect, it } from 'vitest';
import type { WordFeature } from '@verbatim/asr';
import { fitLogistic, fitPlatt } from './calibrate.ts';

// a seeded generator, so the data (and the test) are the same every run
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('fitLogistic', () => {
  it('recovers the weights words were drawn with', () => {
    const next = random(7);
    const features: WordFeature[] = ['logitAcoustic', 'lmLogProb'];
    const rows = Array.from({ length: 20_000 }, () => ({ logitAcoustic: 4 * next() - 2, lmLogProb: -8 * next() }) as Record<WordFeature, number>);
    const correct = rows.map((r) => next() < 1 / (1 + Math.exp(-(0.5 + 1.5 * r.logitAcoustic + 0.4 * r.lmLogProb))));
    const fit = fitLogistic(features, rows, correct);
    expect(fit.features).toEqual(features);
    expect(fit.weights[0]).toBeCloseTo(1.5, 1);
    expect(fit.weights[1]).toBeCloseTo(0.4, 1);
    expect(fit.bias).toBeCloseTo(0.5, 0);
  });

  it('stays finite on words it can separate perfectly, and on a set with no right word at all', () => {
    const rows = [-3, -2, -1, 1, 2, 3].map((v) => ({ logitAcoustic: v, lmUnknown: 0 }) as Record<WordFeature, number>);
    const separable = fitLogistic(['logitAcoustic', 'lmUnknown'], rows, rows.map((r) => r.logitAcoustic > 0));
    expect([...separable.weights, separable.bias].every(Number.isFinite)).toBe(true);
    expect(separable.weights[0]).toBeGreaterThan(1);
    const allWrong = fitLogistic(['logitAcoustic', 'lmUnknown'], rows, rows.map(() => false));
    expect([...allWrong.weights, allWrong.bias].every(Number.isFinite)).toBe(true);
    expect(allWrong.bias).toBeLessThan(-2);
  });

  it('refuses a feature value that is not a finite number, naming it', () => {
    const rows = [{ logitAcoustic: 1, lmLogProb: Number.NEGATIVE_INFINITY }] as Record<WordFeature, number>[];
    expect(() => fitLogistic(['logitAcoustic', 'lmLogProb'], rows, [true])).toThrow(/lmLogProb -Infinity/);
  });

  it('is the Platt map when its one feature is the logit of the raw score', () => {
    const next = random(3);
    const raw = Array.from({ length: 5000 }, () => next());
    const correct = raw.map((r) => next() < r ** 1.5);
    const platt = fitPlatt(raw, correct);
    const fit = fitLogistic(['logitAcoustic'], raw.map((r) => ({ logitAcoustic: Math.log(r / (1 - r)) }) as Record<WordFeature, number>), correct);
    expect(fit.weights[0]).toBeCloseTo(platt.a, 2);
    expect(fit.bias).toBeCloseTo(platt.b, 2);
  });
});
