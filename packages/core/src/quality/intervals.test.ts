import { describe, expect, it } from 'vitest';
import { errorRateInterval } from './errorRateInterval.ts';
import { isoWeek } from './isoWeek.ts';
import { largestDisparity } from './largestDisparity.ts';
import { QualityMeasureError } from './QualityMeasureError.ts';
import { wilsonInterval } from './wilsonInterval.ts';

describe('wilsonInterval', () => {
  it('matches the hand-computed 95 % interval', () => {
    const interval = wilsonInterval(8, 10)!;
    expect(interval.lower).toBeCloseTo(0.4902, 4);
    expect(interval.upper).toBeCloseTo(0.9433, 4);
  });

  it('stays inside [0, 1] at the edges and is null for n = 0', () => {
    const none = wilsonInterval(0, 20)!;
    expect(none.lower).toBe(0);
    expect(none.upper).toBeCloseTo(3.8415 / (20 + 3.8415), 4);
    expect(wilsonInterval(5, 5)!.upper).toBe(1);
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(QualityMeasureError);
  });
});

describe('errorRateInterval', () => {
  it('is the ratio estimator with cluster variance', () => {
    // R = 4/20 = 0.2; Σ(e − R·w)² = 1 + 1 = 2; Var = 2/1 · 2 / 400 = 0.01 → ± 1.96 · 0.1
    const interval = errorRateInterval([{ errors: 1, words: 10 }, { errors: 3, words: 10 }], 1.96)!;
    expect(interval.lower).toBeCloseTo(0.2 - 0.196, 12);
    expect(interval.upper).toBeCloseTo(0.2 + 0.196, 12);
  });

  it('clips at 0, needs two units with words and rejects negative counts', () => {
    expect(errorRateInterval([{ errors: 0, words: 10 }, { errors: 2, words: 10 }])!.lower).toBe(0);
    expect(errorRateInterval([{ errors: 1, words: 10 }, { errors: 0, words: 0 }])).toBeNull();
    expect(() => errorRateInterval([{ errors: -1, words: 3 }])).toThrow(QualityMeasureError);
  });
});

describe('isoWeek', () => {
  it('names ISO 8601 weeks, across year ends', () => {
    expect(isoWeek(Date.UTC(2026, 0, 1))).toBe('2026-W01'); // a Thursday
    expect(isoWeek(Date.UTC(2027, 0, 1))).toBe('2026-W53'); // a Friday in 2026's last week
    expect(isoWeek(Date.UTC(2024, 11, 30))).toBe('2025-W01'); // a Monday
    expect(isoWeek(Date.UTC(2026, 11, 6, 23, 59))).toBe('2026-W49'); // a Sunday
  });
});

describe('largestDisparity', () => {
  const slices = [
    { key: 'a', rate: 0.125, words: 200 },
    { key: 'b', rate: 0.375, words: 150 },
    { key: 'c', rate: 0.875, words: 20 },
  ];

  it('is the worst over the best rate among slices with enough words', () => {
    expect(largestDisparity(slices, 100)).toEqual({ worst: 'b', best: 'a', ratio: 3 });
    expect(largestDisparity(slices, 10)).toEqual({ worst: 'c', best: 'a', ratio: 7 });
  });

  it('needs two slices and says Infinity against a perfect slice', () => {
    expect(largestDisparity(slices, 160)).toBeNull();
    expect(largestDisparity([{ key: 'x', rate: 0, words: 5 }, { key: 'y', rate: 0.2, words: 5 }], 1)!.ratio).toBe(Infinity);
    expect(largestDisparity([{ key: 'x', rate: 0, words: 5 }, { key: 'y', rate: 0, words: 5 }], 1)!.ratio).toBe(1);
  });
});
