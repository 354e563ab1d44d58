import { describe, expect, it } from 'vitest';
import { createTokenizer } from './createTokenizer.ts';

describe('createTokenizer', () => {
  const tokens = ['▁', ...'abcdefghijklmnopqrstuvwxyz', "'", '<blk>'];
  const tokenize = createTokenizer(tokens, { blankId: 28, wordBoundaryId: 0 });

  it('spells words with the model tokens, lower-casing them and mapping whitespace to the boundary', () => {
    expect(tokenize("Don't")).toEqual([4, 15, 14, 27, 20]);
    expect(tokenize(' a  b ')).toEqual([1, 0, 2]);
  });

  it('returns null for characters no token covers, including the special symbols themselves', () => {
    expect(tokenize('café')).toBeNull();
    expect(tokenize('<blk>')).toBeNull();
    expect(tokenize('a▁b')).toBeNull();
    expect(createTokenizer(tokens, { blankId: 28, lowerCase: false })('Abc')).toBeNull();
  });

  it('upper-cases the text for a vocabulary of upper-case letters', () => {
    expect(createTokenizer(['<pad>', '|', 'A', 'B'], { blankId: 0, wordBoundaryId: 1, upperCase: true })('ab a')).toEqual([2, 3, 1, 2]);
  });

  it('prefers the longest token', () => {
    const pieces = createTokenizer(['a', 'ab', 'abc', 'c', '<blk>'], { blankId: 4 });
    expect(pieces('abcab')).toEqual([2, 1]);
    expect(pieces('cab c')).toBeNull();
  });
});
