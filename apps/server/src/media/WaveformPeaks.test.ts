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

  it('caps the pixel count by merging neighbours, so any length gives a bounded result aligned with a coarser builder', () => {
    const samples = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 7) * (i / 1000));
    const capped = new PeaksBuilder(16000, 4, 16);
    for (let i = 0; i < samples.length; i += 37) capped.push(samples.subarray(i, i + 37));
    const peaks = capped.finish();
    // reaching 16 pixels halves them: 4 → 8 → … → 64 samples per pixel by sample 512, then 7 full pixels and a
    // partial one make 16 again at the end: 8 pixels of 128
    expect(peaks).toMatchObject({ samples_per_pixel: 128, length: 8 });
    const coarse = new PeaksBuilder(16000, 128);
    coarse.push(samples);
    expect(peaks.data).toEqual(coarse.finish().data);
  });
});
