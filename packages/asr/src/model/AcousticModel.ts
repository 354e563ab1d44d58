import type { ModelBundle } from '../bundle/ModelBundle.ts';
import { ModelBundleError } from '../bundle/ModelBundleError.ts';
import type { LogProbs } from '../decode/types.ts';
import type { Features } from '../frontend/Features.ts';
import type { InferenceRuntime, InferenceSessionHandle, InferenceTensor } from './InferenceRuntime.ts';
import { logSoftmaxRows } from './logSoftmaxRows.ts';

/** Threading of the model's one ONNX session. */
export interface AcousticModelOptions {
  /** Threads one inference may use (default: the runtime's own default, usually all cores). */
  intraOpNumThreads?: number;
  /** Threads for independent operators (default 1: sequential execution). */
  interOpNumThreads?: number;
}

/**
 * A bundle's ONNX acoustic model: one inference session, created once and reused for every window, fed and read as
 * the bundle's `input` and `output` sections say. Call {@link AcousticModel.dispose} to release the session.
 *
 * @example
 * const model = await AcousticModel.create(bundle, onnxRuntimeNode, { intraOpNumThreads: 2 });
 * const lp = await model.run(computeFeatures(samples, bundle.input.frontEnd));
 * await model.dispose();
 */
export class AcousticModel {
  readonly bundle: ModelBundle;
  readonly #runtime: InferenceRuntime;
  #session: InferenceSessionHandle | undefined;

  private constructor(bundle: ModelBundle, runtime: InferenceRuntime, session: InferenceSessionHandle) {
    this.bundle = bundle;
    this.#runtime = runtime;
    this.#session = session;
  }

  /**
   * Loads the bundle's model file into a session and checks that the graph has the inputs and output model.json
   * names.
   *
   * @throws {ModelBundleError} `model-mismatch` when the graph's names differ from model.json's.
   */
  static async create(bundle: ModelBundle, runtime: InferenceRuntime, options: AcousticModelOptions = {}): Promise<AcousticModel> {
    const session = await runtime.createSession(bundle.modelFile, {
      intraOpNumThreads: options.intraOpNumThreads ?? 0,
      interOpNumThreads: options.interOpNumThreads ?? 1,
    });
    const problem = describeMismatch(bundle, session);
    if (problem) {
      await session.release();
      throw new ModelBundleError('model-mismatch', `${bundle.modelFile}: ${problem}`);
    }
    return new AcousticModel(bundle, runtime, session);
  }

  /** True once {@link AcousticModel.dispose} was called. */
  get disposed(): boolean {
    return this.#session === undefined;
  }

  /**
   * Log-probabilities `(frames, vocab)` for one input: features `(frames, bins)` for a `features` model, mono
   * samples at the model rate for a `waveform` model.
   */
  async run(input: Features | Float32Array): Promise<LogProbs> {
    const session = this.#session;
    if (!session) throw new Error('AcousticModel.run: the model was disposed');
    const { input: spec, output, tokens } = this.bundle;
    const vocab = tokens.length;
    const feeds: Record<string, InferenceTensor> = {};
    let length: number;
    if (spec.kind === 'features') {
      if (input instanceof Float32Array) throw new TypeError('AcousticModel.run: this model takes features, not samples');
      const { frames, bins } = input;
      if (bins !== spec.frontEnd.numMelBins) throw new TypeError(`AcousticModel.run: the model takes ${spec.frontEnd.numMelBins} feature bins, got ${bins}`);
      length = frames;
      if (frames === 0) return { data: new Float32Array(0), frames: 0, vocab };
      feeds[spec.name] = spec.layout === 'batch,features,time'
        ? this.#runtime.float32(transpose(input.data, frames, bins), [1, bins, frames])
        : this.#runtime.float32(input.data, [1, frames, bins]);
    } else {
      if (!(input instanceof Float32Array)) throw new TypeError('AcousticModel.run: this model takes samples, not features');
      length = input.length;
      if (length === 0) return { data: new Float32Array(0), frames: 0, vocab };
      const x = spec.normalize === 'zero-mean-unit-var' ? zeroMeanUnitVar(input, spec.normalizeEps) : input;
      feeds[spec.name] = this.#runtime.float32(x, [1, length]);
    }
    if (spec.lengthName) feeds[spec.lengthName] = this.#runtime.int64(BigInt64Array.of(BigInt(length)), [1]);

    const out = await session.run(feeds);
    const lp = out[output.name];
    if (!lp || !(lp.data instanceof Float32Array) || lp.dims.length !== 3 || lp.dims[0] !== 1) {
      throw new ModelBundleError('model-mismatch', `${this.bundle.modelFile}: output ${output.name} is not a float32 (1, frames, vocab) tensor`);
    }
    if (lp.dims[2] !== vocab) {
      throw new ModelBundleError('model-mismatch', `${this.bundle.modelFile}: output ${output.name} has ${lp.dims[2]} symbols per frame but the bundle lists ${vocab} tokens`);
    }
    let frames = lp.dims[1]!;
    const lengths = output.lengthName ? out[output.lengthName] : undefined;
    if (lengths && lengths.data instanceof BigInt64Array && lengths.data.length > 0) frames = Math.min(frames, Number(lengths.data[0]));
    const data = frames * vocab === lp.data.length ? lp.data : lp.data.slice(0, frames * vocab);
    if (output.kind === 'ctc-logits') logSoftmaxRows(data, frames, vocab);
    return { data, frames, vocab };
  }

  /** Releases the ONNX session; later {@link AcousticModel.run} calls fail. Safe to call twice. */
  async dispose(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    await session?.release();
  }
}

function describeMismatch(bundle: ModelBundle, session: InferenceSessionHandle): string | undefined {
  const want = [bundle.input.name, bundle.input.lengthName].filter((n): n is string => n !== undefined);
  const missing = want.filter((n) => !session.inputNames.includes(n));
  if (missing.length > 0) return `model.json names input(s) ${missing.join(', ')} but the graph's inputs are ${session.inputNames.join(', ')}`;
  const extra = session.inputNames.filter((n) => !want.includes(n));
  if (extra.length > 0) return `the graph also needs input(s) ${extra.join(', ')}, which model.json does not describe`;
  for (const n of [bundle.output.name, bundle.output.lengthName]) {
    if (n !== undefined && !session.outputNames.includes(n)) return `model.json names output ${n} but the graph's outputs are ${session.outputNames.join(', ')}`;
  }
  return undefined;
}

// (frames, bins) row-major to (bins, frames)
function transpose(data: Float32Array, frames: number, bins: number): Float32Array {
  const out = new Float32Array(frames * bins);
  for (let t = 0; t < frames; t++) {
    const row = t * bins;
    for (let b = 0; b < bins; b++) out[b * frames + t] = data[row + b]!;
  }
  return out;
}

function zeroMeanUnitVar(x: Float32Array, eps: number): Float32Array {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]!;
  const mean = sum / x.length;
  let sq = 0;
  for (let i = 0; i < x.length; i++) sq += (x[i]! - mean) ** 2;
  const scale = 1 / Math.sqrt(sq / x.length + eps);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! - mean) * scale;
  return out;
}
