import { describe, expect, it } from 'vitest';
import { agreedPrefix } from './agreedPrefix.ts';

const words = (text: string) => (text ? text.split(' ').map((w) => ({ text: w })) : []);

describe('agreedPrefix', () => {
  it('counts the leading words two hypotheses share', () => {
    expect(agreedPrefix(words('the cat sat'), words('the cat sat on'))).toBe(3);
    expect(agreedPrefix(words('the cat sad'), words('the cat sat on'))).toBe(2);
    expect(agreedPrefix(words('a cat'), words('the cat'))).toBe(0);
    expect(agreedPrefix(words(''), words('the'))).toBe(0);
    expect(agreedPrefix(words('the cat sat on'), words('the cat'))).toBe(2);
  });
});
