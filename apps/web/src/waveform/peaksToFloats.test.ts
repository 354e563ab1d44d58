import { describe, expect, it } from 'vitest';
import { peaksToFloats } from './peaksToFloats.ts';

describe('peaksToFloats', () => {
  it('scales 8-bit min/max pairs to [-1, 1] and computes the duration they cover', () => {
    const { peaks, duration } = peaksToFloats({ version: 2, channels: 1, sample_rate: 16000, samples_per_pixel: 320, bits: 8, length: 3, data: [-128, 127, -64, 64, 0, 0] });
    expect(peaks).toHaveLength(1);
    expect(Array.from(peaks[0]!)).toEqual([-1, 127 / 128, -0.5, 0.5, 0, 0].map((v) => Math.fround(v)));
    expect(duration).toBeCloseTo(0.06, 10);
  });

  it('splits interleaved channels, reads 16-bit data and ignores a short data array', () => {
    const { peaks, duration } = peaksToFloats({ version: 2, channels: 2, sample_rate: 100, samples_per_pixel: 10, bits: 16, length: 2, data: [-32768, 16384, 0, 8192, -16384, 0] });
    expect(peaks.map((p) => Array.from(p))).toEqual([[-1, 0.5], [0, 0.25]]);
    expect(duration).toBe(0.1);
  });

  it('refuses something that is not peaks', () => {
    expect(() => peaksToFloats({ version: 2, sample_rate: 0, samples_per_pixel: 1, bits: 8, length: 0, data: [] })).toThrow(TypeError);
  });
});
