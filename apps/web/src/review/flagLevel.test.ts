import { describe, expect, it } from 'vitest';
import { flagLevel } from './flagLevel.ts';

describe('flagLevel', () => {
  it('tints deeper the further below the threshold', () => {
    expect([0.59, 0.4, 0.2, 0.05, 0.7].map((conf) => flagLevel({ conf }, 0.6))).toEqual([1, 2, 3, 4, 0]);
  });

  it('does not tint reviewed words', () => {
    expect(flagLevel({ conf: 0.05, reviewed: true }, 0.6)).toBe(0);
  });
});
