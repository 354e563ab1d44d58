import { describe, expect, it } from 'vitest';
import { BlockSplitter } from './BlockSplitter.ts';
import { downmix, downmixInterleaved } from './downmix.ts';

describe('downmix', () => {
  it('averages planar channels', () => {
    expect([...downmix([Float32Array.of(1, 0.5, -1), Float32Array.of(0, 0.5, 1), Float32Array.of(0.5, 0.5, 0)])]).toEqual([0.5, 0.5, 0]);
  });

  it('cancels a channel against its inverse (an average, not the first channel)', () => {
    const left = Float32Array.of(0.25, -0.75);
    expect([...downmix([left, left.map((v) => -v)])]).toEqual([0, 0]);
  });

  it('uses only the first `length` samples and passes a single channel through', () => {
    const mono = Float32Array.of(1, 2, 3, 4);
    expect(downmix([mono])).toBe(mono);
    expect([...downmix([mono], 2)]).toEqual([1, 2]);
    expect(downmix([]).length).toBe(0);
  });

  it('averages interleaved frames', () => {
    expect([...downmixInterleaved(Float32Array.of(1, 0, 0.5, 0.5, -1, 1), 2)]).toEqual([0.5, 0.5, 0]);
  });
});

describe('BlockSplitter', () => {
  it('regroups arbitrary pieces into full blocks plus a short last one', () => {
    const splitter = new BlockSplitter(4);
    const blocks = [
      ...splitter.push(Float32Array.of(1, 2, 3)),
      ...splitter.push(Float32Array.of(4, 5, 6, 7, 8, 9, 10, 11, 12, 13)),
      ...splitter.push(new Float32Array(0)),
    ];
    const last = splitter.flush();
    expect(blocks.map((b) => [...b])).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ]);
    expect([...last!]).toEqual([13]);
    expect(splitter.flush()).toBeUndefined();
  });
});
