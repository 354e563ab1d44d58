import { describe, expect, it } from 'vitest';
import { alternate, describeSpread, formatSpread, ratioSpread, spreadOf } from './alternatingRuns.ts';

describe('alternate', () => {
  it('rotates which arm goes first and keeps each arm\'s results in run order', async () => {
    const calls: string[] = [];
    let n = 0;
    const { results, orders } = await alternate(4, {
      a: () => (calls.push('a'), ++n),
      b: async () => (calls.push('b'), ++n),
    });
    expect(calls).toEqual(['a', 'b', 'b', 'a', 'a', 'b', 'b', 'a']);
    expect(orders).toEqual([['a', 'b'], ['b', 'a'], ['a', 'b'], ['b', 'a']]);
    expect(results).toEqual({ a: [1, 4, 5, 8], b: [2, 3, 6, 7] });
  });

  it('rotates three arms through every starting position', async () => {
    const { orders } = await alternate(3, { a: () => 0, b: () => 0, c: () => 0 });
    expect(orders.map((o) => o.join(''))).toEqual(['abc', 'bca', 'cab']);
  });

  it('refuses a run count that is not a positive whole number', async () => {
    await expect(alternate(0, { a: () => 0 })).rejects.toThrow(/positive whole number/);
    await expect(alternate(1.5, { a: () => 0 })).rejects.toThrow(/positive whole number/);
  });
});

describe('spreadOf', () => {
  it('gives min, median and max, the values kept in run order', () => {
    expect(spreadOf([1.93, 1.4, 1.56])).toEqual({ runs: 3, min: 1.4, median: 1.56, max: 1.93, values: [1.93, 1.4, 1.56] });
  });

  it('takes the mean of the two middle values for an even count', () => {
    expect(spreadOf([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('refuses no values', () => {
    expect(() => spreadOf([])).toThrow(/no values/);
  });
});

describe('ratioSpread', () => {
  it('pairs the runs as measured, not the sorted values', () => {
    // paired: 2/1, 2/4, 6/3 -> 2, 0.5, 2; unpaired medians would give 2/3
    expect(ratioSpread([2, 2, 6], [1, 4, 3])).toMatchObject({ min: 0.5, median: 2, max: 2 });
  });

  it('refuses runs that do not pair up', () => {
    expect(() => ratioSpread([1, 2], [1])).toThrow(/2 numerators, 1 denominators/);
  });
});

describe('formatting', () => {
  it('prints min / median / max and the README form', () => {
    const s = spreadOf([1.4, 1.93, 1.56]);
    expect(formatSpread(s)).toBe('1.40 / 1.56 / 1.93');
    expect(describeSpread(s)).toBe('1.56 (1.40–1.93 over 3 runs)');
    expect(formatSpread(s, (n) => `${n.toFixed(1)} ms`)).toBe('1.4 ms / 1.6 ms / 1.9 ms');
  });
});
