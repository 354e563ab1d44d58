import { describe, expect, it } from 'vitest';
import { SampleBuffer } from './SampleBuffer.ts';

describe('SampleBuffer', () => {
  it('keeps samples by absolute index across growth and drops', () => {
    const b = new SampleBuffer(100);
    const ramp = (from: number, n: number) => Float32Array.from({ length: n }, (_, i) => from + i);
    b.push(ramp(100, 40_000)); // grows past its first 16 000
    expect([b.start, b.end]).toEqual([100, 40_100]);
    b.dropBefore(30_100);
    b.push(ramp(40_100, 10));
    expect([b.start, b.end]).toEqual([30_100, 40_110]);
    expect([...b.view(40_098, 40_102)]).toEqual([40_098, 40_099, 40_100, 40_101]);
    // clamped to what is held
    expect([...b.view(0, 30_102)]).toEqual([30_100, 30_101]);
    expect(b.view(50_000, 60_000).length).toBe(0);
    b.dropBefore(10); // before the start: nothing
    expect(b.start).toBe(30_100);
    b.dropBefore(1e9);
    expect([b.start, b.end]).toEqual([40_110, 40_110]);
  });

  it('gives memory back once a burst has been dropped', () => {
    const b = new SampleBuffer();
    b.push(Float32Array.from({ length: 600_000 }, (_, i) => i));
    expect(b.capacity).toBeGreaterThanOrEqual(600_000);
    b.dropBefore(590_000);
    expect(b.capacity).toBeLessThanOrEqual(32_000);
    expect([...b.view(599_998, 600_000)]).toEqual([599_998, 599_999]);
  });
});
