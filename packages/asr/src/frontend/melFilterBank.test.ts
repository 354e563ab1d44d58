import { describe, expect, it } from 'vitest';
import type { FrontEndConfig } from '../bundle/ModelBundle.ts';
import { melFilterBank, melMatrix } from './melFilterBank.ts';

const cfg = { sampleRate: 16000, numMelBins: 80, nFft: 512, lowFreq: 0, highFreq: 8000, melNorm: 'slaney' } satisfies Partial<FrontEndConfig>;

describe('melMatrix (the recipe mel_matrix in TypeScript)', () => {
  const m = melMatrix(cfg);
  const row = (b: number) => m.subarray(b * 257, (b + 1) * 257);

  it('gives non-negative Slaney-normalised triangles with non-empty rows', () => {
    expect(m.length).toBe(80 * 257);
    expect(m.every((w) => w >= 0)).toBe(true);
    for (let b = 0; b < 80; b++) {
      const r = row(b);
      expect(r.reduce((a, w) => a + w, 0)).toBeGreaterThan(0);
      const peak = Math.max(...r);
      expect(peak).toBeGreaterThan(1e-4);
      expect(peak).toBeLessThan(0.05);
    }
  });

  it('equals the Python recipe on sums, supports and peak', () => {
    // values printed by verbatim_recipe.frontend.mel_matrix(FrontEndConfig())
    const sum = (b: number) => row(b).reduce((a, w) => a + w, 0);
    expect(sum(0)).toBeCloseTo(0.03117227099425751, 12);
    expect(sum(40)).toBeCloseTo(0.032116297731364055, 12);
    expect(sum(79)).toBeCloseTo(0.03193053464207247, 12);
    expect(m.reduce((a, w) => a + w, 0)).toBeCloseTo(2.5582607778404807, 10);
    expect(Math.max(...m)).toBeCloseTo(0.0264065916319165, 12);
    const support = (b: number) => {
      const nz = [...row(b).keys()].filter((k) => row(b)[k]! > 0);
      return [nz[0], nz.at(-1)];
    };
    expect(support(0)).toEqual([1, 2]);
    expect(support(40)).toEqual([54, 57]);
    expect(support(79)).toEqual([238, 256]);
  });

  it('without Slaney normalisation peaks near 1', () => {
    const plain = melMatrix({ ...cfg, melNorm: 'none' });
    expect(Math.max(...plain)).toBeLessThanOrEqual(1);
    expect(Math.max(...plain)).toBeGreaterThan(0.9);
  });

  it('sparse form holds exactly the dense non-zeros', () => {
    const bank = melFilterBank(cfg);
    for (let b = 0; b < 80; b++) {
      const dense = Array.from(row(b));
      const sparse = new Array<number>(257).fill(0);
      bank.weights[b]!.forEach((w, k) => (sparse[bank.offsets[b]! + k] = w));
      expect(sparse).toEqual(dense);
    }
  });
});
