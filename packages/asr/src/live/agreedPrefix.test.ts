import { describe, expect, it } from 'vitest';
import { agreedPrefix, stablePrefix } from './agreedPrefix.ts';

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

describe('stablePrefix', () => {
  it('takes agreed words only with the boundary after them agreed too', () => {
    // the previous decode ended inside "clinic": its "noo" was the window's last word, not a word of its own
    expect(stablePrefix([words('the noo')], words('the noo clinic'))).toBe(1);
    expect(stablePrefix([words('the noo clinic')], words('the noo clinic opens'))).toBe(2);
    // the current decode's last word waits for what follows it
    expect(stablePrefix([words('thank you very')], words('thank you'))).toBe(1);
    expect(stablePrefix([words('every')], words('everyone'))).toBe(0);
    // every earlier decode must agree (agreement 3)
    expect(stablePrefix([words('a cat sat on'), words('a bat sat on')], words('a cat sat on it'))).toBe(1);
    expect(stablePrefix([], words('a'))).toBe(0);
  });
});
