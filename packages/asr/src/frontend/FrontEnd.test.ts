import { describe, expect, it } from 'vitest';
import type { FrontEndConfig } from '../bundle/ModelBundle.ts';
import { fixturePath, maxAbsDiff, readF32, readFixtures, readWav16, testBundleDir } from '../../test/testFixtures.ts';
import { loadModelBundle } from '../node/loadModelBundle.ts';
import { computeFeatures } from './computeFeatures.ts';
import { FrontEnd } from './FrontEnd.ts';
import { melMatrix } from './melFilterBank.ts';

// the recipe's FrontEndConfig defaults
const cfg: FrontEndConfig = {
  kind: 'fbank', sampleRate: 16000, numMelBins: 80, frameLengthMs: 25, frameShiftMs: 10, nFft: 512, window: 'hann',
  preemphasis: 0.97, dither: 0, removeDcOffset: false, snipEdges: false, melScale: 'slaney', melNorm: 'slaney',
  lowFreq: 0, highFreq: 8000, power: 2, logFloor: 1.1920928955078125e-7, normalize: 'per_feature', normalizeEps: 1e-5,
};

function noise(n: number, scale: number, seed = 7): Float32Array {
  const x = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    x[i] = (s / 2147483648 - 0.5) * scale;
  }
  return x;
}

/** One frame the long way, following kaldi-native-fbank's steps literally (the recipe's slow_frame), naive DFT. */
function slowFrame(x: Float32Array, t: number): number[] {
  const win = 400, shift = 160, n = x.length;
  const start = t * shift + shift / 2 - win / 2;
  const frame = new Float64Array(512);
  for (let s = 0; s < win; s++) {
    let i = start + s;
    while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - 1 - i;
    frame[s] = x[i]!;
  }
  for (let i = win - 1; i > 0; i--) frame[i]! -= 0.97 * frame[i - 1]!;
  frame[0]! -= 0.97 * frame[0]!;
  for (let s = 0; s < win; s++) frame[s]! *= 0.5 - 0.5 * Math.cos((2 * Math.PI * s) / win);
  const power: number[] = [];
  for (let k = 0; k <= 256; k++) {
    let re = 0, im = 0;
    for (let s = 0; s < 512; s++) {
      re += frame[s]! * Math.cos((2 * Math.PI * k * s) / 512);
      im -= frame[s]! * Math.sin((2 * Math.PI * k * s) / 512);
    }
    power.push(re * re + im * im);
  }
  const m = melMatrix(cfg);
  const out: number[] = [];
  for (let b = 0; b < 80; b++) {
    let e = 0;
    for (let k = 0; k <= 256; k++) e += m[b * 257 + k]! * power[k]!;
    out.push(Math.log(Math.max(e, cfg.logFloor)));
  }
  return out;
}

describe('FrontEnd', () => {
  const fe = new FrontEnd(cfg);

  it('counts frames like Kaldi without snip_edges', () => {
    expect(fe.numFrames(16000)).toBe(100);
    expect(fe.numFrames(16079)).toBe(100);
    expect(fe.numFrames(16080)).toBe(101);
    expect(fe.numFrames(79)).toBe(0);
    expect(new FrontEnd({ ...cfg, snipEdges: true }).numFrames(16000)).toBe(98);
  });

  it('matches the literal algorithm, edges included', () => {
    const x = noise(4000, 0.2);
    const got = fe.logMel(x);
    expect(got.frames).toBe(25);
    for (const t of [0, 1, 12, got.frames - 1]) {
      const row = Array.from(got.data.subarray(t * 80, (t + 1) * 80));
      expect(maxAbsDiff(row, slowFrame(x, t))).toBeLessThan(1e-4);
    }
  });

  it('reflects repeatedly for a signal shorter than one frame', () => {
    const x = noise(100, 0.2);
    const got = fe.logMel(x);
    expect(got.frames).toBe(1);
    expect(maxAbsDiff(Array.from(got.data), slowFrame(x, 0))).toBeLessThan(1e-4);
  });

  it('normalises each bin to zero mean and unit variance', () => {
    const f = fe.compute(noise(16000, 0.1));
    for (const b of [0, 33, 79]) {
      let sum = 0, sq = 0;
      for (let t = 0; t < f.frames; t++) sum += f.data[t * 80 + b]!;
      const mean = sum / f.frames;
      for (let t = 0; t < f.frames; t++) sq += (f.data[t * 80 + b]! - mean) ** 2;
      expect(Math.abs(mean)).toBeLessThan(1e-4);
      expect(Math.abs(Math.sqrt(sq / f.frames) - 1)).toBeLessThan(1e-3);
    }
  });

  it('floors silence at log(logFloor) instead of minus infinity', () => {
    const f = fe.logMel(new Float32Array(3200));
    expect(f.data.every(Number.isFinite)).toBe(true);
    expect(Math.min(...f.data)).toBeCloseTo(Math.log(cfg.logFloor), 4);
    expect(fe.compute(new Float32Array(3200)).data.every((v) => v === 0)).toBe(true);
  });

  it('returns no frames for no samples', () => {
    expect(fe.compute(new Float32Array(0))).toEqual({ data: new Float32Array(0), frames: 0, bins: 80 });
  });
});

describe(`front-end parity with the recipe's fixtures (${testBundleDir})`, async () => {
  const bundle = await loadModelBundle(testBundleDir);
  const fixtures = readFixtures();
  if (bundle.input.kind !== 'features') throw new Error('the test bundle must be a features model');
  const frontEnd = bundle.input.frontEnd;
  for (const u of fixtures.utterances) {
    it(`${u.name}: features within ${fixtures.tolerance.features_max_abs} of Python's`, () => {
      const { samples, sampleRate } = readWav16(fixturePath(u.wav));
      expect(sampleRate).toBe(bundle.sampleRate);
      expect(samples.length).toBe(u.samples);
      const got = computeFeatures(samples, frontEnd);
      expect([got.frames, got.bins]).toEqual(u.features.shape);
      expect(maxAbsDiff(got.data, readF32(fixturePath(u.features.file)))).toBeLessThanOrEqual(fixtures.tolerance.features_max_abs);
    });
  }
});
