// The int8 sherpa-onnx package (models/verbatim-en-char-v1-int8, made by recipe/quantize.py) must load where a
// published sherpa-onnx NeMo CTC package loads, and transcribe close to the float model it came from.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUNDLE, greedyText, readF32, readFixtures, readModelJson, runLogprobs } from './bundle.ts';

const require = createRequire(import.meta.url);
const sherpa = require('sherpa-onnx-node');

const INT8 = join(import.meta.dirname, '..', 'verbatim-en-char-v1-int8');

/** Character edit distance over the length of `ref`. */
function cer(ref: string, hyp: string): number {
  let prev = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const cur = [i];
    for (let j = 1; j <= hyp.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[hyp.length]! / Math.max(ref.length, 1);
}

describe('int8 sherpa-onnx package of the bundled model', () => {
  const model = readModelJson(DEFAULT_BUNDLE);
  const fixtures = readFixtures(DEFAULT_BUNDLE);
  let session: ort.InferenceSession;

  beforeAll(async () => {
    session = await ort.InferenceSession.create(join(INT8, 'model.int8.onnx'), { intraOpNumThreads: 1 });
  });
  afterAll(async () => {
    await session?.release();
  });

  it('is laid out as sherpa-onnx publishes it: model.int8.onnx + tokens.txt, no model.json', () => {
    expect(readdirSync(INT8).sort()).toEqual(['README.md', 'model.int8.onnx', 'tokens.txt']);
  });

  it('keeps the float model inputs and outputs', () => {
    expect(session.inputNames).toEqual([model.input.name, model.input.lengthName]);
    expect(session.outputNames).toEqual([model.output.name, model.output.lengthName]);
  });

  for (const u of fixtures.utterances) {
    it(`transcribes ${u.name} close to the float model under onnxruntime-node`, async () => {
      const [frames, bins] = u.features.shape;
      const got = await runLogprobs(session, model, readF32(join(DEFAULT_BUNDLE, 'fixtures', u.features.file)), frames, bins);
      expect(got.dims).toEqual([1, ...u.logprobs.shape]);
      const text = greedyText(got.data, u.logprobs.shape[0], u.logprobs.shape[1], model);
      expect(cer(u.greedy, text)).toBeLessThanOrEqual(0.15);
    });
  }

  it('runs in sherpa-onnx as a NeMo CTC model, close to the float model', () => {
    const recognizer = new sherpa.OfflineRecognizer({
      featConfig: { sampleRate: 16000, featureDim: 80 },
      modelConfig: { nemoCtc: { model: join(INT8, 'model.int8.onnx') }, tokens: join(INT8, 'tokens.txt'), numThreads: 1, provider: 'cpu', debug: 0 },
      decodingMethod: 'greedy_search',
    });
    for (const u of fixtures.utterances) {
      const wave = sherpa.readWave(join(DEFAULT_BUNDLE, 'fixtures', u.wav));
      const stream = recognizer.createStream();
      stream.acceptWaveform({ sampleRate: wave.sampleRate, samples: wave.samples });
      recognizer.decode(stream);
      const text = (recognizer.getResult(stream).text as string).replaceAll(model.wordBoundary, ' ').trim().split(/\s+/).join(' ');
      expect(cer(u.greedy, text), `${u.name}: "${text}" vs "${u.greedy}"`).toBeLessThanOrEqual(0.15);
    }
  });
});
