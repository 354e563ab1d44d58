import { describe, expect, it } from 'vitest';
import { PeaksBuilder } from './WaveformPeaks.ts';

describe('PeaksBuilder', () => {
  it('gives min/max pairs per pixel whatever the block sizes, with a partial last pixel', () => {
    const samples = Float32Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? i / 10 : -i / 10));
    const whole = new PeaksBuilder(16000, 4);
    whole.push(samples);
    const pieces = new PeaksBuilder(16000, 4);
    for (const [a, b] of [[0, 3], [3, 4], [4, 10]] as const) pieces.push(samples.subarray(a, b));
    const peaks = whole.finish();
    expect(pieces.finish()).toEqual(peaks);
    expect(peaks).toMatchObject({ version: 2, channels: 1, sample_rate: 16000, samples_per_pixel: 4, bits: 8, length: 3 });
    // pixel 0: 0, -0.1, 0.2, -0.3; pixel 1: 0.4, -0.5, 0.6, -0.7; pixel 2: 0.8, -0.9
    expect(peaks.data).toEqual([-38, 26, -90, 77, -115, 102]);
  });

  it('clamps full-scale samples to the 8-bit range and grows past its first allocation', () => {
    const builder = new PeaksBuilder(16000, 1);
    builder.push(Float32Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? 1.5 : -1.5)));
    const peaks = builder.finish();
    expect(peaks.length).toBe(5000);
    expect(peaks.data.slice(0, 4)).toEqual([127, 127, -128, -128]);
    expect(builder.samples).toBe(5000);
  });
});
