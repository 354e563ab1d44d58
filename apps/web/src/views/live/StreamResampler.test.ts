import { describe, expect, it } from 'vitest';
import { StreamResampler } from './StreamResampler.ts';

function tone(rate: number, hz: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / rate);
  return out;
}

// streamed in the worklet's 128-sample render quanta
function resampleInQuanta(resampler: StreamResampler, input: Float32Array): Float32Array {
  const parts: Float32Array[] = [];
  for (let i = 0; i < input.length; i += 128) parts.push(resampler.push(input.subarray(i, i + 128)));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

describe('StreamResampler', () => {
  it.each([48_000, 44_100, 8_000])('turns %i Hz into 16 kHz at the right length, keeping a 1 kHz tone in phase', (rate) => {
    const out = resampleInQuanta(new StreamResampler(rate, 16_000), tone(rate, 1000, 2));
    // the kernel's half-width is still pending at the end: a few ms at most
    expect(out.length).toBeGreaterThan(32_000 - 80);
    expect(out.length).toBeLessThanOrEqual(32_000);
    const expected = tone(16_000, 1000, 2);
    let worst = 0;
    for (let i = 200; i < out.length - 200; i++) worst = Math.max(worst, Math.abs(out[i]! - expected[i]!));
    expect(worst).toBeLessThan(0.02);
  });

  it('removes what 16 kHz cannot carry: a 12 kHz tone at 48 kHz comes out at least 40 dB down', () => {
    const out = resampleInQuanta(new StreamResampler(48_000, 16_000), tone(48_000, 12_000, 1));
    expect(20 * Math.log10(rms(out.subarray(200)) / rms(tone(16_000, 1000, 1)))).toBeLessThan(-40);
  });

  it('gives the same samples whatever the chunking', () => {
    const input = tone(44_100, 440, 0.5);
    const whole = new StreamResampler(44_100, 16_000).push(input);
    const chunked = resampleInQuanta(new StreamResampler(44_100, 16_000), input);
    expect(chunked.length).toBe(whole.length);
    for (let i = 0; i < whole.length; i++) expect(chunked[i]).toBeCloseTo(whole[i]!, 6);
  });

  it('passes audio already at the rate through unchanged and refuses a rate of zero', () => {
    const input = tone(16_000, 300, 0.1);
    expect([...new StreamResampler(16_000, 16_000).push(input)]).toEqual([...input]);
    expect(() => new StreamResampler(0, 16_000)).toThrow(/positive/);
  });
});
