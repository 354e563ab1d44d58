import { describe, expect, it } from 'vitest';
import { parseRange } from './parseRange.ts';

describe('parseRange', () => {
  it('reads first-last, open-ended and suffix ranges, clamped to the file', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('Bytes = 1 - 1', 1000)).toEqual({ start: 1, end: 1 });
  });

  it('is unsatisfiable past the end or for an empty suffix', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=1000-1001', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
  });

  it('ignores what it cannot honour: no header, other units, bad syntax, reversed or multiple ranges', () => {
    for (const header of [undefined, 'items=0-1', 'bytes=abc', 'bytes=5-1', 'bytes=0-1,5-6', 'bytes=-', 'bytes=0x10-']) {
      expect(parseRange(header, 1000), String(header)).toBeUndefined();
    }
  });
});
