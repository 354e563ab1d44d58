import { describe, expect, it } from 'vitest';
import { auroc } from './auroc.ts';
import { flagPrecisionRecall } from './flagPrecisionRecall.ts';
import { QualityMeasureError } from './QualityMeasureError.ts';
import { expectedCalibrationError, reliabilityBins } from './reliabilityBins.ts';

describe('reliabilityBins', () => {
  it('puts confidences into equal-width bins with their accuracy', () => {
    const bins = reliabilityBins([0.05, 0.15, 0.95, 1, 0.9, 0.55], [false, true, true, false, true, true], 10);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ lower: 0, upper: 0.1, count: 1, correct: 0, meanConfidence: 0.05, accuracy: 0 });
    expect(bins[1]).toMatchObject({ count: 1, correct: 1, accuracy: 1 });
    expect(bins[5]).toMatchObject({ count: 1, meanConfidence: 0.55 });
    // 0.9, 0.95 and 1 (the last bin includes 1): 2 of 3 right.
    expect(bins[9]!.count).toBe(3);
    expect(bins[9]!.meanConfidence).toBeCloseTo((0.9 + 0.95 + 1) / 3, 12);
    expect(bins[9]!.accuracy).toBeCloseTo(2 / 3, 12);
    expect(bins[3]).toEqual({ lower: 0.3, upper: 0.4, count: 0, correct: 0, meanConfidence: null, accuracy: null });
  });

  it('accepts another bin count and rejects bad input', () => {
    expect(reliabilityBins([0.2, 0.7], [true, true], 2).map((b) => b.count)).toEqual([1, 1]);
    expect(() => reliabilityBins([0.2], [true, false])).toThrow(QualityMeasureError);
    expect(() => reliabilityBins([Number.NaN], [true])).toThrow(/index 0/);
    expect(() => reliabilityBins([0.2], [true], 0)).toThrow(/bins/);
  });
});

describe('expectedCalibrationError', () => {
  it('is the count-weighted gap between accuracy and confidence', () => {
    // Bin 9: 0.9, 0.9 → accuracy 0.5, gap 0.4; bin 1: 0.1 → accuracy 0, gap 0.1. (2·0.4 + 0.1) / 3 = 0.3
    expect(expectedCalibrationError([0.9, 0.9, 0.1], [true, false, false])).toBeCloseTo(0.3, 12);
    expect(expectedCalibrationError([0.95, 0.05], [true, false])).toBeCloseTo(0.05, 12);
    expect(expectedCalibrationError([], [])).toBeNull();
  });
});

describe('auroc', () => {
  it('is the share of positive-negative pairs ranked right', () => {
    expect(auroc([0.9, 0.8, 0.3, 0.1], [true, false, true, false])).toBe(0.75);
    expect(auroc([0.9, 0.8, 0.3, 0.1], [true, true, false, false])).toBe(1);
    expect(auroc([0.1, 0.2], [true, false])).toBe(0);
  });

  it('counts ties as one half and needs both classes', () => {
    expect(auroc([0.5, 0.5, 0.5], [true, false, false])).toBe(0.5);
    // Positive 0.5 vs negatives 0.5 (tie: ½) and 0.2 (win: 1) → 0.75
    expect(auroc([0.5, 0.5, 0.2], [true, false, false])).toBe(0.75);
    expect(auroc([0.1, 0.2], [true, true])).toBeNull();
    expect(() => auroc([0.1], [])).toThrow(QualityMeasureError);
  });
});

describe('flagPrecisionRecall', () => {
  it('counts flags below the threshold that found errors', () => {
    expect(flagPrecisionRecall([0.2, 0.4, 0.9, 0.95], [false, true, false, true], 0.6)).toEqual({
      threshold: 0.6,
      flagged: 2,
      errors: 2,
      flaggedErrors: 1,
      precision: 0.5,
      recall: 0.5,
    });
  });

  it('flags strictly below the threshold, and says null where a ratio has no denominator', () => {
    expect(flagPrecisionRecall([0.6, 0.7], [false, true], 0.6)).toMatchObject({ flagged: 0, precision: null, recall: 0 });
    expect(flagPrecisionRecall([0.1], [true], 0.6)).toMatchObject({ flagged: 1, precision: 0, recall: null });
  });
});
