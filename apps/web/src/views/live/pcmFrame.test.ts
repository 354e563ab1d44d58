import { describe, expect, it } from 'vitest';
import { levelOf, toInt16 } from './pcmFrame.ts';

describe('toInt16', () => {
  it('scales to the full 16-bit range and clips what lies beyond ±1', () => {
    expect([...toInt16(new Float32Array([0, 1, -1, 0.5, 2, -3]))]).toEqual([0, 32767, -32768, 16384, 32767, -32768]);
  });
});

describe('levelOf', () => {
  it('reads a full-scale sine as 0 dB peak and -3 dB RMS, and silence as -Infinity', () => {
    const sine = Float32Array.from({ length: 1600 }, (_, i) => Math.sin((2 * Math.PI * i) / 16));
    const { peakDb, rmsDb } = levelOf(sine);
    expect(peakDb).toBeCloseTo(0, 3);
    expect(rmsDb).toBeCloseTo(-3.01, 1);
    expect(levelOf(new Float32Array(100)).peakDb).toBe(-Infinity);
  });
});
