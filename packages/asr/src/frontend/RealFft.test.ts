import { describe, expect, it } from 'vitest';
import { RealFft } from './RealFft.ts';

function naivePower(x: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    let re = 0, im = 0;
    for (let t = 0; t < n; t++) {
      re += x[t]! * Math.cos((2 * Math.PI * k * t) / n);
      im -= x[t]! * Math.sin((2 * Math.PI * k * t) / n);
    }
    out[k] = re * re + im * im;
  }
  return out;
}

function noise(n: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    x[i] = s / 2147483648 - 0.5;
  }
  return x;
}

describe('RealFft', () => {
  for (const n of [4, 8, 64, 512]) {
    it(`matches a direct DFT for n = ${n}`, () => {
      const x = noise(n, n);
      const out = new Float64Array(n / 2 + 1);
      new RealFft(n).powerSpectrum(x, out);
      const want = naivePower(x);
      for (let k = 0; k <= n / 2; k++) expect(out[k]).toBeCloseTo(want[k]!, 9);
    });
  }

  it('finds a pure tone in its bin', () => {
    const n = 512;
    const x = new Float64Array(n);
    for (let t = 0; t < n; t++) x[t] = Math.cos((2 * Math.PI * 37 * t) / n);
    const out = new Float64Array(n / 2 + 1);
    new RealFft(n).powerSpectrum(x, out);
    expect(out[37]).toBeCloseTo((n / 2) ** 2, 6);
    expect(out[36]! + out[38]!).toBeLessThan(1e-12);
  });

  it('can be reused: a second call does not see the first input', () => {
    const fft = new RealFft(16);
    const out = new Float64Array(9);
    fft.powerSpectrum(noise(16, 3), out);
    fft.powerSpectrum(new Float64Array(16), out);
    expect(Array.from(out)).toEqual(new Array(9).fill(0));
  });

  it('rejects sizes that are not powers of two', () => {
    expect(() => new RealFft(400)).toThrow(RangeError);
  });
});
