import { describe, expect, it } from 'vitest';
import { formatTimecode, parseTimecode } from './timecode.ts';

describe('timecode', () => {
  it('formats hh:mm:ss with optional decimals', () => {
    expect(formatTimecode(3723.4)).toBe('01:02:03');
    expect(formatTimecode(3.25, 1)).toBe('00:00:03.2');
    expect(formatTimecode(-5)).toBe('00:00:00');
    expect(formatTimecode(NaN)).toBe('00:00:00');
  });

  it('reads hh:mm:ss, mm:ss and seconds', () => {
    expect(parseTimecode('1:02:03.5')).toBe(3723.5);
    expect(parseTimecode(' 2:30 ')).toBe(150);
    expect(parseTimecode('90')).toBe(90);
    expect(parseTimecode('12,5')).toBe(12.5);
    expect(parseTimecode('1:75')).toBeUndefined();
    expect(parseTimecode('abc')).toBeUndefined();
    expect(parseTimecode('1.5:00')).toBeUndefined();
    expect(parseTimecode('')).toBeUndefined();
  });
});
