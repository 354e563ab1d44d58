import { describe, expect, it } from 'vitest';
import { createLogProbs } from './createLogProbs.ts';
import { logProbsFromFrames } from './logProbsFromFrames.ts';

describe('createLogProbs', () => {
  it('normalises each row and stores natural logs row-major', () => {
    const lp = createLogProbs([
      [1, 3],
      [2, 2],
    ]);
    expect(lp.frames).toBe(2);
    expect(lp.vocab).toBe(2);
    expect([...lp.data].map(Math.exp)).toEqual([0.25, 0.75, 0.5, 0.5].map((p) => expect.closeTo(p, 6)));
  });

  it('rejects ragged rows, negative or non-finite values and all-zero rows', () => {
    expect(() => createLogProbs([[1, 2], [1]])).toThrow(/row 1 has 1 probabilities, expected 2/);
    expect(() => createLogProbs([[1, -1]])).toThrow(/not a probability/);
    expect(() => createLogProbs([[Number.NaN, 1]])).toThrow(/not a probability/);
    expect(() => createLogProbs([[0, 0]])).toThrow(/sums to 0/);
  });
});

describe('logProbsFromFrames', () => {
  it('gives a named token almost all the mass and spreads the floor over the rest', () => {
    const lp = logProbsFromFrames(['a', 'b', '<blk>'], ['a', { b: 0.6, '<blk>': 0.4 }], 0.01);
    expect(Math.exp(lp.data[0] as number)).toBeCloseTo(0.98, 6);
    expect(Math.exp(lp.data[1] as number)).toBeCloseTo(0.01, 6);
    expect(Math.exp(lp.data[3] as number)).toBeCloseTo(0.01 / 1.01, 6);
    expect(() => logProbsFromFrames(['a'], ['z'])).toThrow(/"z" is not a token/);
  });
});
