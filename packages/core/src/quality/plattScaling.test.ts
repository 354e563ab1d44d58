import { describe, expect, it } from 'vitest';
import { applyPlattScaling, fitPlattScaling } from './plattScaling.ts';
import { QualityMeasureError } from './QualityMeasureError.ts';
import { expectedCalibrationError } from './reliabilityBins.ts';

describe('Platt scaling', () => {
  it('leaves confidences alone with a = 1, b = 0', () => {
    expect(applyPlattScaling(0.9, { a: 1, b: 0 })).toBeCloseTo(0.9, 9);
    expect(applyPlattScaling(1, { a: 1, b: 0 })).toBeLessThan(1);
  });

  it('pulls an over-confident model down and lowers its ECE', () => {
    // Says 0.95 but is right 60 % of the time; says 0.3 and is right 10 %.
    const confidences: number[] = [];
    const correct: boolean[] = [];
    for (let i = 0; i < 100; i++) {
      confidences.push(0.95);
      correct.push(i % 10 < 6);
      confidences.push(0.3);
      correct.push(i % 10 === 0);
    }
    const scaling = fitPlattScaling(confidences, correct);
    const calibrated = confidences.map((c) => applyPlattScaling(c, scaling));
    // Two distinct inputs, two parameters: the fit reproduces the accuracies with Platt's smoothed targets
    // (70 right words → 71/72, 130 wrong → 1/132): 0.6·71/72 + 0.4/132 and 0.1·71/72 + 0.9/132.
    expect(calibrated[0]).toBeCloseTo(0.6 * (71 / 72) + 0.4 / 132, 6);
    expect(calibrated[1]).toBeCloseTo(0.1 * (71 / 72) + 0.9 / 132, 6);
    expect(expectedCalibrationError(calibrated, correct)!).toBeLessThan(0.01);
    expect(expectedCalibrationError(confidences, correct)!).toBeGreaterThan(0.25);
  });

  it('needs both right and wrong words', () => {
    expect(() => fitPlattScaling([0.9, 0.8], [true, true])).toThrow(QualityMeasureError);
  });
});
