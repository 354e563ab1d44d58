import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelBundle } from '../bundle/ModelBundle.ts';
import { ModelBundleError } from '../bundle/ModelBundleError.ts';
import { greedySearch } from '../decode/greedySearch.ts';
import { computeFeatures } from '../frontend/computeFeatures.ts';
import { loadAcousticModel } from '../node/loadAcousticModel.ts';
import { loadModelBundle } from '../node/loadModelBundle.ts';
import { fixturePath, maxAbsDiff, readF32, readFixtures, readWav16, testBundleDir, writeTinyBundle } from '../../test/testFixtures.ts';
import { wordsFromHypothesis } from '../words/wordsFromHypothesis.ts';
import { logSoftmaxRows } from './logSoftmaxRows.ts';
import { tinyCtcSignal, tokenLevel } from '../../test/tinyCtcModel.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vwb-model-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe(`AcousticModel on a features bundle (${testBundleDir})`, async () => {
  const bundle = await loadModelBundle(testBundleDir);
  const fixtures = readFixtures();

  it("reproduces PyTorch's log-probs from the fixture features, and from our own front end", async () => {
    const model = await loadAcousticModel(bundle, { intraOpNumThreads: 1 });
    try {
      for (const u of fixtures.utterances) {
        const [frames, bins] = u.features.shape;
        const expected = readF32(fixturePath(u.logprobs.file));
        const fromFixture = await model.run({ data: readF32(fixturePath(u.features.file)), frames, bins });
        expect([fromFixture.frames, fromFixture.vocab]).toEqual(u.logprobs.shape);
        expect(maxAbsDiff(fromFixture.data, expected)).toBeLessThanOrEqual(fixtures.tolerance.logprobs_max_abs);
        if (bundle.input.kind !== 'features') throw new Error('features bundle expected');
        const ours = await model.run(computeFeatures(readWav16(fixturePath(u.wav)).samples, bundle.input.frontEnd));
        expect(maxAbsDiff(ours.data, expected)).toBeLessThanOrEqual(fixtures.tolerance.logprobs_max_abs);
        const text = wordsFromHypothesis(greedySearch(ours, bundle.blankId), ours, bundle).map((w) => w.text).join(' ');
        expect(text).toBe(u.greedy);
      }
    } finally {
      await model.dispose();
    }
  });

  it('returns no frames for no input, and refuses input of the wrong kind', async () => {
    const model = await loadAcousticModel(bundle, { intraOpNumThreads: 1 });
    try {
      expect(await model.run({ data: new Float32Array(0), frames: 0, bins: 80 })).toEqual({ data: new Float32Array(0), frames: 0, vocab: bundle.tokens.length });
      await expect(model.run(new Float32Array(1600))).rejects.toBeInstanceOf(TypeError);
      await expect(model.run({ data: new Float32Array(64), frames: 1, bins: 64 })).rejects.toBeInstanceOf(TypeError);
    } finally {
      await model.dispose();
    }
  });

  it('refuses a model.json that names inputs the graph does not have', async () => {
    const wrong: ModelBundle = { ...bundle, input: { ...bundle.input, name: 'features' } as ModelBundle['input'] };
    const error = await loadAcousticModel(wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelBundleError);
    expect((error as ModelBundleError).code).toBe('model-mismatch');
    expect((error as Error).message).toContain('audio_signal');
  });

  it('treats ctc-logits output with a log-softmax (a no-op on log-probs)', async () => {
    const logits = await loadAcousticModel({ ...bundle, output: { ...bundle.output, kind: 'ctc-logits' } }, { intraOpNumThreads: 1 });
    const u = fixtures.utterances[0]!;
    const [frames, bins] = u.features.shape;
    try {
      const lp = await logits.run({ data: readF32(fixturePath(u.features.file)), frames, bins });
      expect(maxAbsDiff(lp.data, readF32(fixturePath(u.logprobs.file)))).toBeLessThanOrEqual(fixtures.tolerance.logprobs_max_abs);
    } finally {
      await logits.dispose();
    }
  });

  it('fails to run once disposed; disposing twice is harmless', async () => {
    const model = await loadAcousticModel(bundle, { intraOpNumThreads: 1 });
    await model.dispose();
    await model.dispose();
    expect(model.disposed).toBe(true);
    await expect(model.run({ data: new Float32Array(80), frames: 1, bins: 80 })).rejects.toThrow(/disposed/);
  });
});

describe('AcousticModel on a waveform bundle (raw audio in, logits out)', async () => {
  const dir = join(tmp, 'tiny');
  writeTinyBundle(dir);
  const bundle = await loadModelBundle(dir);

  it('feeds samples as (1, n), turns logits into log-probs and keeps the frame grid', async () => {
    const model = await loadAcousticModel(bundle, { intraOpNumThreads: 1 });
    try {
      const tokens = [28, 20, 8, 5, 28, 0, 1];
      const x = tinyCtcSignal(tokens, 29, 640);
      const lp = await model.run(new Float32Array([...x, ...new Float32Array(300)])); // a partial last frame is dropped
      expect([lp.frames, lp.vocab]).toEqual([tokens.length, 29]);
      for (let t = 0; t < lp.frames; t++) {
        let sum = 0, best = 0;
        for (let v = 0; v < 29; v++) {
          sum += Math.exp(lp.data[t * 29 + v]!);
          if (lp.data[t * 29 + v]! > lp.data[t * 29 + best]!) best = v;
        }
        expect(sum).toBeCloseTo(1, 5);
        expect(best).toBe(tokens[t]);
      }
    } finally {
      await model.dispose();
    }
  });

  it('normalises each input to zero mean and unit variance when model.json asks', async () => {
    writeTinyBundle(dir, { input: { kind: 'waveform', name: 'input_values', normalize: 'zero-mean-unit-var' } });
    const model = await loadAcousticModel(await loadModelBundle(dir), { intraOpNumThreads: 1 });
    try {
      // a constant signal normalises to all zeros, which the tiny graph maps to the level nearest 0: token 0
      const lp = await model.run(new Float32Array(640 * 3).fill(tokenLevel(20, 29)));
      const best = [0, 1, 2].map((t) => { let b = 0; for (let v = 1; v < 29; v++) if (lp.data[t * 29 + v]! > lp.data[t * 29 + b]!) b = v; return b; });
      expect(best).toEqual([0, 0, 0]);
    } finally {
      await model.dispose();
    }
  });
});

describe('logSoftmaxRows', () => {
  it('normalises each row and survives large logits', () => {
    const x = Float32Array.from([1, 2, 3, 1000, 1001, 999]);
    logSoftmaxRows(x, 2, 3);
    for (const row of [x.subarray(0, 3), x.subarray(3)]) expect([...row].reduce((s, v) => s + Math.exp(v), 0)).toBeCloseTo(1, 6);
    expect(x[2]! - x[1]!).toBeCloseTo(1, 6);
    expect(x[4]).toBeCloseTo(-0.40760596, 5);
  });
});
