import { describe, expect, it } from 'vitest';
import { isFlagged } from './isFlagged.ts';

describe('isFlagged', () => {
  it('flags unreviewed words strictly below the threshold', () => {
    expect(isFlagged(0.59, undefined, 0.6)).toBe(true);
    expect(isFlagged(0.59, false, 0.6)).toBe(true);
    expect(isFlagged(0.6, false, 0.6)).toBe(false);
    expect(isFlagged(0.1, true, 0.6)).toBe(false);
  });

  it('flags nothing at threshold 0 and every unreviewed word below 1 at threshold 1', () => {
    expect(isFlagged(0, false, 0)).toBe(false);
    expect(isFlagged(0.99, false, 1)).toBe(true);
    expect(isFlagged(Number.NaN, false, 0.6)).toBe(false);
  });
});
