import { describe, expect, it } from 'vitest';
import { formatDoseNumber, parseSpokenNumber } from './parseSpokenNumber.ts';

const read = (text: string) => {
  const n = parseSpokenNumber(text.split(' '));
  return n === null ? null : formatDoseNumber(n);
};

describe('parseSpokenNumber', () => {
  it.each([
    ['five', '5'],
    ['twelve', '12'],
    ['forty', '40'],
    ['forty two', '42'],
    ['one hundred', '100'],
    ['a hundred', '100'],
    ['one hundred and twenty five', '125'],
    ['two hundred fifty', '250'],
    ['fifteen hundred', '1,500'],
    ['twenty five hundred', '2,500'],
    ['one thousand', '1,000'],
    ['a thousand', '1,000'],
    ['ten thousand', '10,000'],
    ['one hundred thousand', '100,000'],
    ['two thousand and five', '2,005'],
    ['one thousand two hundred', '1,200'],
    ['zero', '0'],
    ['two point five', '2.5'],
    ['zero point one two five', '0.125'],
    ['point five', '0.5'],
    ['zero point oh five', '0.05'],
    ['five point zero', '5'],
    ['one point five zero', '1.5'],
    ['one and a half', '1.5'],
  ])('%s → %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it.each(['', 'a', 'and', 'point', 'two five', 'one two five', 'hundred', 'five hundred hundred', 'thousand', 'five thousand thousand',
    'one thousand fifteen hundred', 'two point', 'two point twenty', 'zero five', 'and five', 'forty zero', 'twenty ten', 'half'])('refuses "%s"', (text) => {
    expect(parseSpokenNumber(text === '' ? [] : text.split(' '))).toBeNull();
  });

  it('says whether a decimal had no whole part', () => {
    expect(parseSpokenNumber(['point', 'five'])).toEqual({ integer: 0, fraction: '5', bare: true });
    expect(parseSpokenNumber(['zero', 'point', 'five'])).toEqual({ integer: 0, fraction: '5', bare: false });
  });
});
