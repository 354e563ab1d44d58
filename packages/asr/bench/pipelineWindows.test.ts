// The overhead benchmark is only fair if its bare runs see the pipeline's windows: check the window list against
// what transcribeStream really runs, on a real (tiny) ONNX model.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelBundle } from '../src/bundle/ModelBundle.ts';
import type { AcousticModel } from '../src/model/AcousticModel.ts';
import type { InferenceSessionHandle } from '../src/model/InferenceRuntime.ts';
import { tinyCtcSignal } from '../test/tinyCtcModel.ts';
import { loadModelBundle } from '../src/node/loadModelBundle.ts';
import { spellFrames, writeTinyBundle, writeWav16 } from '../test/testFixtures.ts';
import { transcribeStream } from '../src/transcribe/transcribeStream.ts';
import { benchPipeline } from './benchPipeline.ts';
import { loadSharedModel } from './loadSharedModel.ts';
import { pipelineWindows } from './pipelineWindows.ts';

const RATE = 16_000;
const CORE = 6 * RATE; // window 8 s, overlap 1 s
const OVERLAP = RATE;

function* blocksOf(x: Float32Array, size: number): Generator<Float32Array> {
  for (let i = 0; i < x.length; i += size) yield x.subarray(i, i + size);
}

describe('pipelineWindows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-bench-'));
  let bundle: ModelBundle;
  let model: AcousticModel;
  let session: InferenceSessionHandle;

  beforeAll(async () => {
    writeTinyBundle(dir);
    bundle = await loadModelBundle(dir);
    ({ model, session } = await loadSharedModel(bundle, 1));
  });
  afterAll(async () => {
    await model?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  // the tiny model needs at least one 640-sample frame per run
  const lengths = [0, 641, CORE, CORE + OVERLAP - 1, CORE + OVERLAP, CORE + OVERLAP + 1, 2 * CORE, 2 * CORE + OVERLAP, 2 * CORE + OVERLAP + 1, 1_000_003];
  for (const total of lengths) {
    it(`lists the windows transcribeStream runs on ${total} samples`, async () => {
      const ends: number[] = [];
      const result = await transcribeStream(blocksOf(new Float32Array(total), 10_000), bundle, model, {
        windowSeconds: 8,
        overlapSeconds: 1,
        onProgress: (_fraction, seconds) => ends.push(seconds),
      });
      const { windows, frameSamples } = pipelineWindows(total, RATE, 0.04, 8, 1);
      expect(frameSamples).toBe(640);
      expect(result.timings.windows).toBe(windows.length);
      // one progress report per window (where its kept frames end), then one when the words are done
      expect(ends.slice(0, -1)).toEqual(windows.map((w) => Math.min(w.coreEnd, w.end) / RATE));
      windows.forEach((w, i) => {
        expect(w.start).toBe(Math.max(0, w.coreStart - OVERLAP));
        expect(w.coreStart).toBe(i === 0 ? 0 : windows[i - 1]!.coreEnd);
      });
      if (total > 0) {
        expect(windows.at(-1)!.end).toBe(total);
        expect(windows.at(-1)!.coreEnd).toBe(Infinity);
      }
    });
  }

  it('lets benchPipeline feed the bare session the windows that give the pipeline its words', async () => {
    const words = 'the quick brown fox jumps over the lazy dog while seven llamas sleep in the cool green meadow'.split(' ');
    const { frames } = spellFrames([...words, ...words, ...words, ...words, ...words, ...words]);
    const file = join(dir, 'speech.wav');
    writeWav16(file, tinyCtcSignal(frames, bundle.tokens.length, 640), RATE);
    const { figures, artifacts } = await benchPipeline(file, bundle, model, session, 1);
    expect(figures.audioSeconds).toBeGreaterThan(60); // several 30-second windows
    expect(figures.windows).toBe(artifacts.windows.length);
    expect(figures.windows).toBeGreaterThan(2);
    expect(figures.words).toBe(6 * words.length);
    expect(figures.sameWords).toBe(true);
    expect(artifacts.logProbs.frames).toBe(frames.length);
  });
});
