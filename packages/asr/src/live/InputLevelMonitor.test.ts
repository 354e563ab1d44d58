import { describe, expect, it } from 'vitest';
import { InputLevelMonitor, isDigitallySilent } from './InputLevelMonitor.ts';

const RATE = 1000;

describe('isDigitallySilent', () => {
  it('is true only when every sample is within one LSB of zero', () => {
    expect(isDigitallySilent(new Float32Array(16000))).toBe(true);
    expect(isDigitallySilent(new Float32Array(16000).fill(-1 / 32768))).toBe(true);
    const quiet = new Float32Array(16000);
    quiet[8000] = 2 / 32768;
    expect(isDigitallySilent(quiet)).toBe(false);
  });
});

describe('InputLevelMonitor', () => {
  it('reports digital silence once per episode, again only after sound came back', () => {
    const m = new InputLevelMonitor(RATE, { silentMs: 2000 });
    m.push(new Float32Array(1999).fill(1 / 32768)); // ±1 LSB counts as silence
    expect(m.take()).toEqual([]);
    m.push(new Float32Array(5000));
    expect(m.take().map((w) => w.code)).toEqual(['silent-input']);
    m.push(new Float32Array(5000));
    expect(m.take()).toEqual([]);
    m.push(Float32Array.of(0.1));
    m.push(new Float32Array(2000));
    const [again] = m.take();
    expect(again?.message).toMatch(/silent for 2 s/);
  });

  it('does not call quiet speech silent', () => {
    const m = new InputLevelMonitor(RATE, { silentMs: 1000 });
    m.push(new Float32Array(5000).map((_, i) => (i % 2 ? 3 : -3) / 32768));
    expect(m.take()).toEqual([]);
  });

  it('reports clipping once while it lasts, again after a clean second', () => {
    const m = new InputLevelMonitor(RATE, { clippedShare: 0.01 });
    const clipped = new Float32Array(RATE).map((_, i) => (i % 50 === 0 ? 1 : 0.2)); // 2% at full scale
    m.push(clipped);
    m.push(clipped);
    expect(m.take().map((w) => w.code)).toEqual(['clipped-input']);
    m.push(new Float32Array(RATE).fill(0.2));
    m.push(clipped);
    const [again] = m.take();
    expect(again?.message).toMatch(/2\.0% of samples at full scale/);
  });
});
