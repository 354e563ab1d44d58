import { describe, expect, it } from 'vitest';
import { formatMilliseconds, formatTimecode } from './formatTimecode.ts';
import { TranscriptError } from './TranscriptError.ts';

describe('formatTimecode', () => {
  it('writes SRT and WebVTT timecodes with milliseconds', () => {
    expect(formatTimecode(0, ',')).toBe('00:00:00,000');
    expect(formatTimecode(1.234, ',')).toBe('00:00:01,234');
    expect(formatTimecode(1.234, '.')).toBe('00:00:01.234');
    expect(formatTimecode(59.9996, '.')).toBe('00:01:00.000');
  });

  it('goes past one hour, and past 99 hours without wrapping', () => {
    expect(formatTimecode(3723.4567, ',')).toBe('01:02:03,457');
    expect(formatTimecode(5400, '.')).toBe('01:30:00.000');
    expect(formatTimecode(360_000.5, ',')).toBe('100:00:00,500');
  });

  it('truncates to whole seconds for reading timestamps', () => {
    expect(formatTimecode(3723.9, null)).toBe('01:02:03');
    expect(formatTimecode(0.2, null)).toBe('00:00:00');
  });

  it('refuses negative and non-finite times', () => {
    expect(() => formatTimecode(-0.5, ',')).toThrow(TranscriptError);
    expect(() => formatTimecode(Number.NaN)).toThrow(/finite, non-negative/);
    expect(() => formatTimecode(Infinity)).toThrow(TranscriptError);
  });

  it('formats whole milliseconds directly', () => {
    expect(formatMilliseconds(3_600_001, '.')).toBe('01:00:00.001');
  });
});
