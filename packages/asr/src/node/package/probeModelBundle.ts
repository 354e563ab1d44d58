import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ModelBundle } from '../../bundle/ModelBundle.ts';
import { ModelBundleError } from '../../bundle/ModelBundleError.ts';
import type { LogProbs } from '../../decode/types.ts';
import { computeFeatures } from '../../frontend/computeFeatures.ts';
import { AcousticModel } from '../../model/AcousticModel.ts';
import type { InferenceRuntime, InferenceTensor } from '../../model/InferenceRuntime.ts';
import { createLanguageModelScorer } from '../../lm/LanguageModelScorer.ts';
import { loadLanguageModel } from '../loadLanguageModel.ts';
import { loadModelBundle } from '../loadModelBundle.ts';
import { onnxRuntimeNode } from '../onnxRuntimeNode.ts';
import { PROBE_SECONDS, probeUtterance } from './probeUtterance.ts';

/** What a successful probe saw. */
export interface ModelProbe {
  /** Output frames for the built-in utterance. */
  readonly frames: number;
  /** Symbols per frame (the vocabulary size). */
  readonly vocab: number;
  /** Time of the model run, in milliseconds. */
  readonly ms: number;
}

// a frame count this far from duration / frameShiftSeconds means the declared frame shift (subsampling) is wrong
const FRAME_TOLERANCE = 0.15;
// log-probs rows must sum to 1 within this (in log space)
const LOG_SUM_TOLERANCE = 1e-2;

/**
 * Loads the bundle in `bundleDir` (model.json present) and decodes a short built-in utterance through the real
 * front end and ONNX session, checking what a transcription relies on: the ONNX loads, its output is a
 * `(1, frames, vocab)` float tensor with one column per token, its length output (if any) agrees, the frame count
 * matches the declared frame shift, every value is finite, and declared log-probabilities are normalised; a word
 * language model, if the bundle has one, reads and is spelled in the model's tokens.
 *
 * @throws {ModelBundleError} the loader's codes for model.json problems, then `onnx-load-failed`,
 *   `output-shape-mismatch`, `tokens-mismatch` or `probe-failed`, each naming the file; the signal's reason when aborted.
 * @example
 * const { frames, vocab, ms } = await probeModelBundle(installedDir, { signal });
 */
export async function probeModelBundle(bundleDir: string, options: { signal?: AbortSignal } = {}): Promise<ModelProbe> {
  const { signal } = options;
  signal?.throwIfAborted();
  const bundle = await loadModelBundle(bundleDir);
  const file = basename(bundle.modelFile);
  const tokensSource = await tokensSourceName(bundle);
  let raw: Record<string, InferenceTensor> | undefined;
  let outputNames: readonly string[] = [];
  let ms = 0;
  const runtime: InferenceRuntime = {
    ...onnxRuntimeNode,
    async createSession(modelFile, sessionOptions) {
      let session;
      try {
        session = await onnxRuntimeNode.createSession(modelFile, sessionOptions);
      } catch (cause) {
        throw new ModelBundleError('onnx-load-failed', `${file}: onnxruntime cannot load it: ${firstLine(cause)}`, { cause });
      }
      outputNames = session.outputNames;
      const loaded = session;
      return {
        inputNames: loaded.inputNames,
        outputNames: loaded.outputNames,
        release: () => loaded.release(),
        async run(feeds) {
          const t0 = performance.now();
          try {
            raw = await loaded.run(feeds);
          } catch (cause) {
            throw new ModelBundleError('probe-failed', `${file}: running the model on the probe utterance failed: ${firstLine(cause)}`, { cause });
          }
          ms = performance.now() - t0;
          return raw;
        },
      };
    },
  };

  let model: AcousticModel;
  try {
    model = await AcousticModel.create(bundle, runtime, { intraOpNumThreads: 1 });
  } catch (e) {
    if (e instanceof ModelBundleError && e.code === 'model-mismatch' && !outputNames.includes(bundle.output.name)) {
      throw new ModelBundleError('output-shape-mismatch', `${file}: model.json names output ${bundle.output.name} but the graph's outputs are ${outputNames.join(', ')}`, { cause: e });
    }
    throw e;
  }
  try {
    signal?.throwIfAborted();
    const samples = probeUtterance(bundle.sampleRate);
    const input = bundle.input.kind === 'features' ? computeFeatures(samples, bundle.input.frontEnd) : samples;
    let lp: LogProbs;
    try {
      lp = await model.run(input);
    } catch (e) {
      if (e instanceof ModelBundleError && e.code === 'model-mismatch') throw explainOutput(bundle, raw, file, tokensSource, e);
      throw e;
    }
    signal?.throwIfAborted();
    checkFrames(bundle, raw!, lp, file);
    checkValues(bundle, lp, file);
    await checkLanguageModel(bundle);
    return { frames: lp.frames, vocab: lp.vocab, ms };
  } finally {
    await model.dispose();
  }
}

// the bundle's word LM must read and be spelled in this model's tokens, as decoding with it will need
async function checkLanguageModel(bundle: ModelBundle): Promise<void> {
  if (bundle.lm === undefined) return;
  try {
    const lm = await loadLanguageModel(bundle);
    const { alpha, beta, unkPenalty } = bundle.lm;
    createLanguageModelScorer(bundle, lm!, { alpha, beta, unkPenalty });
  } catch (cause) {
    throw new ModelBundleError('probe-failed', `${basename(bundle.lm.file)}: the language model cannot be used with this model: ${firstLine(cause)}`, { cause });
  }
}

function explainOutput(bundle: ModelBundle, raw: Record<string, InferenceTensor> | undefined, file: string, tokensSource: string, cause: Error): ModelBundleError {
  const out = raw?.[bundle.output.name];
  if (out && out.dims.length === 3 && out.dims[0] === 1 && out.data instanceof Float32Array && out.dims[2] !== bundle.tokens.length) {
    return new ModelBundleError('tokens-mismatch', `${file}: output ${bundle.output.name} has ${out.dims[2]} symbols per frame but ${tokensSource} lists ${bundle.tokens.length} tokens`, { field: 'tokens', cause });
  }
  const shape = out ? `(${out.dims.join(', ')})${out.data instanceof Float32Array ? '' : ', not float32'}` : 'missing';
  return new ModelBundleError('output-shape-mismatch', `${file}: output ${bundle.output.name} is ${shape}; a CTC model must give float32 (1, frames, ${bundle.tokens.length})`, { cause });
}

function checkFrames(bundle: ModelBundle, raw: Record<string, InferenceTensor>, lp: LogProbs, file: string): void {
  const { output } = bundle;
  const declared = raw[output.name]!.dims[1]!;
  if (output.lengthName !== undefined) {
    const lengths = raw[output.lengthName];
    const n = lengths && lengths.data instanceof BigInt64Array && lengths.data.length === 1 ? Number(lengths.data[0]) : undefined;
    if (n === undefined || n < 1 || n > declared) {
      throw new ModelBundleError('output-shape-mismatch', `${file}: output ${output.lengthName} should hold the one utterance's frame count (1..${declared}) but is ${lengths ? `[${Array.from(lengths.data as ArrayLike<unknown>).slice(0, 4).join(', ')}]` : 'missing'}`);
    }
  }
  const expected = PROBE_SECONDS / output.frameShiftSeconds;
  if (lp.frames < 1 || Math.abs(lp.frames - expected) > Math.max(2, FRAME_TOLERANCE * expected)) {
    throw new ModelBundleError('output-shape-mismatch', `${file}: ${PROBE_SECONDS} s of audio gave ${lp.frames} output frames, but a frame every ${output.frameShiftSeconds} s (model.json output.frameShiftSeconds) means about ${Math.round(expected)}: the declared frame shift or subsampling factor is wrong`);
  }
}

function checkValues(bundle: ModelBundle, lp: LogProbs, file: string): void {
  const { data, frames, vocab } = lp;
  for (let t = 0; t < frames; t++) {
    let max = -Infinity;
    for (let v = 0; v < vocab; v++) {
      const x = data[t * vocab + v]!;
      if (!Number.isFinite(x)) {
        throw new ModelBundleError('probe-failed', `${file}: output ${bundle.output.name} holds ${x} at frame ${t}, symbol ${v}: the model does not produce finite ${bundle.output.kind === 'ctc-logits' ? 'logits' : 'log-probabilities'}`);
      }
      max = Math.max(max, x);
    }
    let sum = 0;
    for (let v = 0; v < vocab; v++) sum += Math.exp(data[t * vocab + v]! - max);
    const logSum = max + Math.log(sum);
    if (Math.abs(logSum) > LOG_SUM_TOLERANCE) {
      throw new ModelBundleError('probe-failed', `${file}: output ${bundle.output.name} is declared log-probabilities but frame ${t}'s probabilities sum to ${Math.exp(logSum).toPrecision(4)}, not 1: declare it "ctc-logits" if it is logits`);
    }
  }
}

async function tokensSourceName(bundle: ModelBundle): Promise<string> {
  try {
    const json = JSON.parse(await readFile(join(bundle.dir, 'model.json'), 'utf8')) as { tokensFile?: unknown; tokens?: unknown };
    return typeof json.tokensFile === 'string' ? json.tokensFile : 'model.json';
  } catch {
    return 'model.json';
  }
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.slice(0, 300);
}
