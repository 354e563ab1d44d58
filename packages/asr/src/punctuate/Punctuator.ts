import { ModelBundleError } from '../bundle/ModelBundleError.ts';
import type { InferenceRuntime, InferenceSessionHandle, InferenceTensor } from '../model/InferenceRuntime.ts';
import type { Word } from '../words/Word.ts';
import { decidePunctuation, windowStarts } from './decidePunctuation.ts';
import type { PunctuationConfig } from './PunctuationConfig.ts';
import { suffixBucket } from './suffixBucket.ts';
import { withMark, writeWord } from './writeWord.ts';

/** Options of {@link Punctuator.punctuate}. */
export interface PunctuateOptions {
  /**
   * Written forms that must stay as they are (the vocabulary's `displayAs` forms and phrases): such a word may get a
   * mark after it but is never recased. Words holding anything but lower-case letters and apostrophes (a form a
   * plugin or a person wrote) are kept as they are too.
   */
  keepForms?: ReadonlySet<string>;
}

// windows per model run: bounds the tensor of one run for very long transcripts
const WINDOWS_PER_RUN = 64;
const SPOKEN = /^[a-z']+$/u;

/**
 * A bundle's punctuation and truecasing model (`punct.onnx`, described by `punct.json`): restores sentence marks
 * (, . ? !) and capitals in recognised words. It changes only each word's text; timings, confidence, review marks
 * and every other field stay with their words, and the number and order of words never change.
 *
 * @example
 * const punctuator = await Punctuator.create(config, '/bundle/punct.onnx', onnxRuntimeNode, { intraOpNumThreads: 1 });
 * const written = await punctuator.punctuate(words); // 'so we started' -> 'So we started.'
 * await punctuator.dispose();
 */
export class Punctuator {
  readonly config: PunctuationConfig;
  readonly #runtime: InferenceRuntime;
  #session: InferenceSessionHandle | undefined;

  private constructor(config: PunctuationConfig, runtime: InferenceRuntime, session: InferenceSessionHandle) {
    this.config = config;
    this.#runtime = runtime;
    this.#session = session;
  }

  /**
   * Loads the ONNX file into a session and checks its input and output names against the config.
   *
   * @throws {ModelBundleError} `model-mismatch` when the graph's names differ from punct.json's.
   */
  static async create(config: PunctuationConfig, modelFile: string, runtime: InferenceRuntime, options: { intraOpNumThreads?: number } = {}): Promise<Punctuator> {
    const session = await runtime.createSession(modelFile, { intraOpNumThreads: options.intraOpNumThreads ?? 1, interOpNumThreads: 1 });
    const missing = [config.inputs.words, config.inputs.suffixes].filter((n) => !session.inputNames.includes(n))
      .concat([config.outputs.marks, config.outputs.cases].filter((n) => !session.outputNames.includes(n)));
    if (missing.length > 0) {
      await session.release();
      throw new ModelBundleError('model-mismatch', `${modelFile}: punct.json names ${missing.join(', ')}, which the graph does not have (it has inputs ${session.inputNames.join(', ')}; outputs ${session.outputNames.join(', ')})`);
    }
    return new Punctuator(config, runtime, session);
  }

  /** True once {@link Punctuator.dispose} was called. */
  get disposed(): boolean {
    return this.#session === undefined;
  }

  /** The words with their written form restored: same count, order and fields, only `text` may differ. */
  async punctuate(words: readonly Word[], options: PunctuateOptions = {}): Promise<Word[]> {
    const session = this.#session;
    if (!session) throw new Error('Punctuator.punctuate: the model was disposed');
    const n = words.length;
    if (n === 0) return [];
    const { config } = this;
    const spoken = words.map((w) => w.text.toLowerCase());
    const ids = new BigInt64Array(n);
    const suffixes = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      ids[i] = BigInt(config.vocabulary.get(spoken[i]!) ?? config.unknownId);
      suffixes[i] = BigInt(suffixBucket(spoken[i]!, config.suffix.chars, config.suffix.buckets));
    }
    const starts = windowStarts(n, config.window, config.stride);
    const length = Math.min(n, config.window);
    const markScores = new Float32Array(starts.length * length * config.marks.length);
    const caseScores = new Float32Array(starts.length * length * config.cases.length);
    for (let first = 0; first < starts.length; first += WINDOWS_PER_RUN) {
      const batch = starts.slice(first, first + WINDOWS_PER_RUN);
      const wordIds = new BigInt64Array(batch.length * length);
      const suffixIds = new BigInt64Array(batch.length * length);
      batch.forEach((s, b) => {
        wordIds.set(ids.subarray(s, s + length), b * length);
        suffixIds.set(suffixes.subarray(s, s + length), b * length);
      });
      const out = await session.run({
        [config.inputs.words]: this.#runtime.int64(wordIds, [batch.length, length]),
        [config.inputs.suffixes]: this.#runtime.int64(suffixIds, [batch.length, length]),
      });
      markScores.set(floats(out[config.outputs.marks], batch.length * length * config.marks.length), first * length * config.marks.length);
      caseScores.set(floats(out[config.outputs.cases], batch.length * length * config.cases.length), first * length * config.cases.length);
    }
    // the silence after each word: sentences end in pauses
    const pauses = new Float32Array(n);
    for (let i = 0; i + 1 < n; i++) pauses[i] = Math.max(0, words[i + 1]!.start - words[i]!.end);
    const { marks, cases } = decidePunctuation(n, starts, { marks: markScores, cases: caseScores }, config, pauses);
    return words.map((word, i) => {
      const kept = options.keepForms?.has(word.text) === true || !SPOKEN.test(word.text);
      const text = kept ? withMark(word.text, marks[i]!) : writeWord(word.text, cases[i]!, marks[i]!, config.mixedCase);
      return text === word.text ? word : { ...word, text };
    });
  }

  /** Releases the ONNX session. */
  async dispose(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    await session?.release();
  }
}

function floats(tensor: InferenceTensor | undefined, expected: number): Float32Array {
  const data = tensor?.data;
  if (!(data instanceof Float32Array) || data.length !== expected) {
    throw new ModelBundleError('model-mismatch', `punctuation model output has ${data instanceof Float32Array ? data.length : 'no float'} values, expected ${expected}`);
  }
  return data;
}
