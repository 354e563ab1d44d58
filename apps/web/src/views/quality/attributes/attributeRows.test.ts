import { describe, expect, it } from 'vitest';
import { ATTRIBUTE_HINT, attributesToRows, rowsToAttributes } from './attributeRows.ts';

describe('attribute rows', () => {
  it('round-trips attributes in key order, trimming and ignoring empty rows', () => {
    expect(attributesToRows({ setting: 'phone', accent: 'scottish' })).toEqual([
      { key: 'accent', value: 'scottish' },
      { key: 'setting', value: 'phone' },
    ]);
    expect(rowsToAttributes([{ key: ' accent ', value: 'scottish ' }, { key: '', value: '' }])).toEqual({ attributes: { accent: 'scottish' }, problems: [] });
  });

  it("reports the server's limits as it words them, and what only the rows can get wrong", () => {
    const { problems } = rowsToAttributes([
      { key: 'accent', value: 'x'.repeat(101) },
      { key: 'k'.repeat(41), value: 'v' },
      { key: '', value: 'orphan' },
      { key: 'setting', value: '' },
      { key: 'setting', value: 'phone' },
    ]);
    expect(problems).toEqual([
      'The value "orphan" has no attribute name.',
      '"setting" is given twice.',
      '"accent": an attribute value has at most 100 characters.',
      `"${'k'.repeat(41)}": an attribute key has at most 40 characters.`,
    ]);
    const many = rowsToAttributes(Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: 'v' })));
    expect(many.problems).toEqual(['at most 20 attributes (got 21).']);
    expect(rowsToAttributes([{ key: 'setting', value: '' }]).problems).toEqual(['"setting": an attribute value is not empty.']);
    expect(ATTRIBUTE_HINT).toBe('Up to 20 attributes; names up to 40 characters, values up to 100, 4 KB in all.');
  });
});
