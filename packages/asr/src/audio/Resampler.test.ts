import { describe, expect, it } from 'vitest';
import { seededRandom } from '../decode/seededRandom.ts';
import { resample, Resampler } from './Resampler.ts';
import { rms } from './signalMetrics.ts';

const RATIOS: readonly (readonly [number, number])[] = [
  [44100, 16000],
  [48000, 16000],
  [8000, 16000],
  [22050, 16000],
  [11025, 16000],
  [16000, 16000],
  // 16000 phases: more than the table holds, so phases are shared (rounded)
  [16001, 16000],
];

function sine(frequency: number, rate: number, length: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(length);
  for (let n = 0; n < length; n++) out[n] = amplitude * Math.sin((2 * Math.PI * frequency * n) / rate);
  return out;
}

function noise(length: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length }, () => random() * 2 - 1);
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

// SNR of `out` against the ideal sine sampled at the output rate, away from the zero-padded edges
function snrAgainstIdeal(out: Float32Array, frequency: number, rate: number, amplitude = 0.5): number {
  const ideal = sine(frequency, rate, out.length, amplitude);
  const edge = 200;
  let signal = 0;
  let error = 0;
  for (let n = edge; n < out.length - edge; n++) {
    signal += ideal[n]! ** 2;
    error += (out[n]! - ideal[n]!) ** 2;
  }
  return 10 * Math.log10(signal / error);
}

describe('Resampler', () => {
  it.each(RATIOS)('streams %i → %i in random blocks exactly as one call does', (from, to) => {
    const input = noise(20_000, from);
    const oneShot = resample(input, from, to);
    const random = seededRandom(to + from);
    const r = new Resampler(from, to);
    const parts: Float32Array[] = [];
    for (let offset = 0; offset < input.length; ) {
      // include empty and 1-sample blocks
      const size = random() < 0.2 ? Math.floor(random() * 2) : Math.floor(random() * 3000);
      parts.push(r.process(input.slice(offset, offset + size)));
      offset += size;
    }
    parts.push(r.flush());
    const streamed = concat(parts);
    expect(streamed.length).toBe(Math.ceil((input.length * to) / from));
    expect(oneShot.length).toBe(streamed.length);
    let mismatches = 0;
    for (let n = 0; n < streamed.length; n++) if (streamed[n] !== oneShot[n]) mismatches++;
    expect(mismatches).toBe(0);
  });

  it.each([
    [44100, 16000, 1000],
    [48000, 16000, 1000],
    [22050, 16000, 3000],
    [8000, 16000, 1000],
    [16001, 16000, 1000],
  ])('resamples a sine %i → %i (%i Hz) with SNR > 60 dB against the ideal sine', (from, to, frequency) => {
    const out = resample(sine(frequency, from, from), from, to);
    expect(snrAgainstIdeal(out, frequency, to)).toBeGreaterThan(60);
  });

  it('attenuates a 10 kHz tone (above the new Nyquist) by more than 40 dB going 44.1 → 16 kHz', () => {
    const input = sine(10_000, 44100, 44100);
    const out = resample(input, 44100, 16000);
    const attenuationDb = 20 * Math.log10(rms(input) / rms(out, 200, out.length - 200));
    expect(attenuationDb).toBeGreaterThan(40);
  });

  it('keeps a 6 kHz tone, inside the passband at 16 kHz, at its level', () => {
    const out = resample(sine(6000, 48000, 48000), 48000, 16000);
    expect(rms(out, 200, out.length - 200) / rms(sine(6000, 16000, 16000))).toBeCloseTo(1, 2);
  });

  it('passes DC at unit gain', () => {
    const out = resample(new Float32Array(8000).fill(0.5), 44100, 16000);
    for (let n = 200; n < out.length - 200; n++) expect(Math.abs(out[n]! - 0.5)).toBeLessThan(1e-3);
  });

  it('returns the input itself when the rates are equal', () => {
    const input = noise(100, 1);
    const r = new Resampler(16000, 16000);
    expect(r.process(input)).toBe(input);
    expect(r.flush().length).toBe(0);
  });

  it('rejects rates that are not positive integers and use after flush', () => {
    expect(() => new Resampler(0, 16000)).toThrow(RangeError);
    expect(() => new Resampler(44100.5, 16000)).toThrow(RangeError);
    const r = new Resampler(44100, 16000);
    r.flush();
    expect(() => r.process(new Float32Array(10))).toThrow(/after flush/);
  });
});
