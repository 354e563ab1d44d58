import { describe, expect, it } from 'vitest';
import { spreadTimes, timeAtOffset } from './interpolateTimes.ts';

describe('spreadTimes', () => {
  it('splits a span in proportion to the weights, consecutive and covering it', () => {
    expect(spreadTimes(1, 2, [1, 3])).toEqual([
      [1, 1.25],
      [1.25, 2],
    ]);
  });

  it('gives every piece the start when the span is empty or reversed', () => {
    expect(spreadTimes(3, 3, [2, 2])).toEqual([
      [3, 3],
      [3, 3],
    ]);
    expect(spreadTimes(3, 2, [1])).toEqual([[3, 3]]);
  });
});

describe('timeAtOffset', () => {
  it('is linear in characters and clamped to the word', () => {
    expect(timeAtOffset(10, 11, 2, 4)).toBe(10.5);
    expect(timeAtOffset(10, 11, 9, 4)).toBe(11);
    expect(timeAtOffset(10, 11, 1, 0)).toBe(10);
  });
});
