import { describe, expect, it } from 'vitest';
import { formatTime } from './formatTime.ts';

describe('formatTime', () => {
  it('writes m:ss under an hour and h:mm:ss above', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(65.9)).toBe('1:05');
    expect(formatTime(3600 * 3 + 61)).toBe('3:01:01');
  });

  it('treats negative and non-finite times as zero', () => {
    expect(formatTime(-4)).toBe('0:00');
    expect(formatTime(Number.NaN)).toBe('0:00');
  });
});
