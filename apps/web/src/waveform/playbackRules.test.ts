import { describe, expect, it } from 'vitest';
import { resumeTime, reviewSpan, stepRate } from './playbackRules.ts';
import { DEFAULT_REWIND_SECONDS, readRewindSeconds, writeRewindSeconds } from './playbackSettings.ts';

describe('playback rules and settings', () => {
  it('steps the rate by 0.1 within 0.5 and 2', () => {
    expect(stepRate(1, 1)).toBe(1.1);
    expect(stepRate(0.5, -1)).toBe(0.5);
    expect(stepRate(1.95, 1)).toBe(2);
    expect(stepRate(0.7, -1)).toBe(0.6);
  });

  it('rewinds on resume and pads a review span with context', () => {
    expect(resumeTime(10, 1)).toBe(9);
    expect(resumeTime(0.4, 1)).toBe(0);
    expect(reviewSpan(2, 2.4)).toEqual([1.5, 2.9]);
    expect(reviewSpan(0.2, 0.4, 0.6)).toEqual([0, 0.6]);
  });

  it('keeps the rewind-on-resume setting per browser, defaulting to one second', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    expect(readRewindSeconds(storage)).toBe(DEFAULT_REWIND_SECONDS);
    expect(writeRewindSeconds(2.5, storage)).toBe(2.5);
    expect(readRewindSeconds(storage)).toBe(2.5);
    expect(writeRewindSeconds(99, storage)).toBe(10);
    map.set('verbatim.playback.rewindOnResume', 'junk');
    expect(readRewindSeconds(storage)).toBe(1);
  });
});
