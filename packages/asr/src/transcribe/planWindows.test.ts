import { describe, expect, it } from 'vitest';
import { planWindows } from './planWindows.ts';
import { TranscribeError } from './TranscribeError.ts';

describe('planWindows', () => {
  it('puts every length on the output-frame grid', () => {
    expect(planWindows(16000, 0.04, 30, 2)).toEqual({ frameSamples: 640, coreSamples: 26 * 16000, overlapSamples: 2 * 16000 });
    const odd = planWindows(16000, 0.02, 5.31, 0.33);
    expect(odd.coreSamples % odd.frameSamples).toBe(0);
    expect(odd.overlapSamples % odd.frameSamples).toBe(0);
    expect(odd.coreSamples + 2 * odd.overlapSamples).toBeLessThanOrEqual(5.31 * 16000);
  });

  it('keeps at least one frame of context and one frame of core', () => {
    expect(planWindows(16000, 0.04, 1, 0).overlapSamples).toBe(640);
    expect(() => planWindows(16000, 0.04, 4, 2)).toThrow(TranscribeError);
    expect(() => planWindows(16000, 0.04, Number.POSITIVE_INFINITY, 2)).toThrow(TranscribeError);
  });
});
