// The same model.onnx must run in sherpa-onnx (our speed peer) as a NeMo CTC model. sherpa-onnx computes its
// own features from the wav, so agreeing with PyTorch's greedy text checks the front-end contract end to end.
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUNDLE, readFixtures, readModelJson } from './bundle.ts';

const require = createRequire(import.meta.url);
const sherpa = require('sherpa-onnx-node');

const dir = process.env.VERBATIM_BUNDLE ?? DEFAULT_BUNDLE;

describe('sherpa-onnx runs the bundle', () => {
  const model = readModelJson(dir);
  const recognizer = new sherpa.OfflineRecognizer({
    featConfig: { sampleRate: model.sampleRate, featureDim: model.input.frontEnd.numMelBins },
    modelConfig: {
      nemoCtc: { model: join(dir, model.sherpaOnnx.model) },
      tokens: join(dir, model.sherpaOnnx.tokens),
      numThreads: 1,
      provider: 'cpu',
      debug: 0,
    },
    decodingMethod: 'greedy_search',
  });

  for (const u of readFixtures(dir).utterances) {
    it(`gives PyTorch's greedy transcript for ${u.name} (${u.voice})`, () => {
      const wave = sherpa.readWave(join(dir, 'fixtures', u.wav));
      const stream = recognizer.createStream();
      stream.acceptWaveform({ sampleRate: wave.sampleRate, samples: wave.samples });
      recognizer.decode(stream);
      const text: string = recognizer.getResult(stream).text;
      const normalised = text.replaceAll(model.wordBoundary, ' ').trim().split(/\s+/).join(' ');
      expect(normalised).toBe(u.greedy);
    });
  }
});
