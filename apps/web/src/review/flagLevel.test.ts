import { describe, expect, it } from 'vitest';
import { flagLevel, isFlagged } from './isFlagged.ts';

describe('isFlagged and flagLevel', () => {
  it('flags unreviewed words below the threshold only', () => {
    expect(isFlagged({ conf: 0.59 }, 0.6)).toBe(true);
    expect(isFlagged({ conf: 0.6 }, 0.6)).toBe(false);
    expect(isFlagged({ conf: 0.1, reviewed: true }, 0.6)).toBe(false);
  });

  it('tints deeper the further below the threshold', () => {
    expect([0.59, 0.4, 0.2, 0.05, 0.7].map((conf) => flagLevel({ conf }, 0.6))).toEqual([1, 2, 3, 4, 0]);
  });
});
