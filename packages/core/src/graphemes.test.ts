import { describe, expect, it } from 'vitest';
import { graphemeLength, graphemes } from './graphemes.ts';

describe('graphemes', () => {
  it('splits ASCII into characters', () => {
    expect(graphemes('ab c')).toEqual(['a', 'b', ' ', 'c']);
    expect(graphemeLength('')).toBe(0);
  });

  it('keeps combining marks, emoji sequences and CJK characters whole', () => {
    expect(graphemes('e\u0301x')).toEqual(['e\u0301', 'x']);
    expect(graphemeLength('👩‍👩‍👧‍👦👍🏽')).toBe(2);
    expect(graphemeLength('日本語')).toBe(3);
  });
});
