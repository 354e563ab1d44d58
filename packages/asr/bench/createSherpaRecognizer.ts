import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The `sherpaOnnx` section of a bundle's model.json: how sherpa-onnx runs the same ONNX file. */
export interface SherpaOnnxSection {
  kind: string;
  model: string;
  tokens: string;
}

/** The slice of sherpa-onnx-node's offline recogniser the benchmark drives (the package ships no types). */
export interface SherpaStream {
  acceptWaveform(wave: { sampleRate: number; samples: Float32Array }): void;
}
export interface SherpaRecognizer {
  createStream(): SherpaStream;
  decode(stream: SherpaStream): void;
  getResult(stream: SherpaStream): { text: string };
}

// sherpa-onnx model config keys of the CTC model kinds model.json may name
const MODEL_KEYS: Record<string, string> = { nemo_ctc: 'nemoCtc', zipformer_ctc: 'zipformerCtc' };

/** sherpa-onnx's offline recogniser (greedy search, CPU, `threads` ONNX threads) on the bundle's model file. */
export function createSherpaRecognizer(bundleDir: string, section: SherpaOnnxSection, sampleRate: number, featureDim: number, threads: number): SherpaRecognizer {
  const key = MODEL_KEYS[section.kind];
  if (!key) throw new Error(`model.json sherpaOnnx.kind ${JSON.stringify(section.kind)} is not a CTC kind this benchmark runs (${Object.keys(MODEL_KEYS).join(', ')})`);
  const sherpa = createRequire(import.meta.url)('sherpa-onnx-node') as { OfflineRecognizer: new (config: unknown) => SherpaRecognizer };
  return new sherpa.OfflineRecognizer({
    featConfig: { sampleRate, featureDim },
    modelConfig: {
      [key]: { model: join(bundleDir, section.model) },
      tokens: join(bundleDir, section.tokens),
      numThreads: threads,
      provider: 'cpu',
      debug: 0,
    },
    decodingMethod: 'greedy_search',
  });
}

/** sherpa-onnx's text for one utterance, with the word-boundary symbol turned into single spaces. */
export function sherpaText(recognizer: SherpaRecognizer, samples: Float32Array, sampleRate: number, wordBoundary: string): string {
  const stream = recognizer.createStream();
  stream.acceptWaveform({ sampleRate, samples });
  recognizer.decode(stream);
  const text = recognizer.getResult(stream).text;
  return text.replaceAll(wordBoundary, ' ').trim().split(/\s+/).filter(Boolean).join(' ');
}
