import { describe, expect, it } from 'vitest';
import { parseDuration } from './parseDuration.ts';

describe('parseDuration', () => {
  it('reads units, combinations and bare seconds', () => {
    expect(parseDuration('6h')).toBe(21600);
    expect(parseDuration('90min')).toBe(5400);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('1h 30m 15s')).toBe(5415);
    expect(parseDuration('45 s')).toBe(45);
    expect(parseDuration('1500ms')).toBe(1.5);
    expect(parseDuration('3600')).toBe(3600);
    expect(parseDuration('2.5h')).toBe(9000);
  });

  it('refuses what is not a duration', () => {
    for (const text of ['', 'h', '6 days', '-1h', '6h!', 'six hours', '1h30']) expect(parseDuration(text), text).toBeUndefined();
  });
});
