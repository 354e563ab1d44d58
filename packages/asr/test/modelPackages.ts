// Test support: model packages in the layouts `prepareModelPackage` accepts, written as real ONNX files without any
// ONNX tooling: a sherpa-onnx NeMo CTC package with a BPE vocabulary and the metadata sherpa-onnx's export writes,
// and a wav2vec2 CTC export with Hugging Face's vocab.json and configs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attrInt, concat, field, node, ONNX_FLOAT, ONNX_INT64, tensor, text, valueInfo, varintField } from './onnxProto.ts';
import { tinyCtcModel, tinyCtcSignal } from './tinyCtcModel.ts';

/** A NeMo-style BPE vocabulary as sherpa-onnx's tokens.txt lists it: `<unk>` first, word-initial pieces with `▁`, `<blk>` last. */
export const BPE_TOKENS: readonly string[] = ['<unk>', '▁the', 're', '▁a', '▁', 's', '▁cat', 'at', '▁b', 'e', 'n', 'x', '<blk>'];

/** Options of {@link writeSherpaNemoCtcPackage}. */
export interface SherpaPackageOptions {
  /**
   * The pieces the model says, one per output frame (`<blk>` for blank); the frames after them are blank. The model
   * ignores the feature values: output frame t is always this row, so any audio of the right length says them.
   */
  frames?: readonly string[];
  tokens?: readonly string[];
  /** ONNX metadata_props; a key set to undefined is left out. Defaults: what sherpa-onnx's NeMo CTC export writes. */
  metadata?: Record<string, string | undefined>;
  /** Time subsampling the graph really does (default 4): output frames = ceil(feature frames / subsampling). */
  subsampling?: number;
  featDim?: number;
  /** Symbols per output frame (default: the tokens' count). */
  vocabWidth?: number;
  /** Output tensor name (default `logprobs`, as NeMo exports it). */
  outputName?: string;
  /** Add a `logprobs_length` int64 output as the recipe's export has. */
  lengthOutput?: boolean;
  /** Put a NaN in the first output frame. */
  nonFinite?: boolean;
  /** The ONNX file's name (default model.onnx). */
  onnxName?: string;
  /** Leave tokens.txt out. */
  noTokens?: boolean;
  /** List the weights as graph inputs too, as exporters for ONNX IR version 3 did. */
  initializersAsInputs?: boolean;
}

/**
 * Writes a sherpa-onnx NeMo CTC package into `dir`: `model.onnx` (inputs `audio_signal (1, 80, time)` float and
 * `length (batch)` int64, output `logprobs (1, frames, V)` of log-probabilities, metadata `vocab_size` (without the
 * blank), `subsampling_factor`, `normalize_type`, `feat_dim`, `model_type`) and `tokens.txt`. Returns the tokens and
 * the seconds of audio that make it say every frame given.
 */
export function writeSherpaNemoCtcPackage(dir: string, options: SherpaPackageOptions = {}): { tokens: readonly string[]; seconds: number } {
  const tokens = options.tokens ?? BPE_TOKENS;
  const subsampling = options.subsampling ?? 4;
  const featDim = options.featDim ?? 80;
  const width = options.vocabWidth ?? tokens.length;
  const blank = tokens.indexOf('<blk>') >= 0 ? tokens.indexOf('<blk>') : tokens.length - 1;
  const frames = (options.frames ?? []).map((p) => {
    const id = tokens.indexOf(p);
    if (id < 0) throw new Error(`writeSherpaNemoCtcPackage: ${p} is not a token`);
    return id;
  });
  const maxFrames = Math.max(frames.length + 8, 800);
  // each row: log 0.96 for its piece, the rest shared equally
  const table = new Float32Array(maxFrames * width);
  const other = Math.log(0.04 / (width - 1));
  for (let t = 0; t < maxFrames; t++) {
    const id = Math.min(t < frames.length ? frames[t]! : blank, width - 1);
    for (let v = 0; v < width; v++) table[t * width + v] = v === id ? Math.log(0.96) : other;
  }
  if (options.nonFinite) table[0] = Number.NaN;
  const metadata: Record<string, string | undefined> = {
    vocab_size: String(tokens.length - 1),
    subsampling_factor: String(subsampling),
    normalize_type: 'per_feature',
    model_type: 'EncDecCTCModelBPE',
    feat_dim: String(featDim),
    ...options.metadata,
  };
  const outputName = options.outputName ?? 'logprobs';
  const i64 = (values: number[]) => new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);
  const nodes = [
    node('Shape', ['audio_signal'], ['shape']),
    node('Gather', ['shape', 'time_axis'], ['time'], [attrInt('axis', 0)]),
    node('Add', ['time', 'round_up'], ['time_up']),
    node('Div', ['time_up', 'subsampling'], ['out_frames']),
    node('Slice', ['table', 'zero', 'out_frames', 'one'], [outputName]),
  ];
  const outputs = [valueInfo(outputName, ONNX_FLOAT, [1, 'frames', width])];
  if (options.lengthOutput) {
    nodes.push(node('Add', ['length', 'round_up'], ['length_up']), node('Div', ['length_up', 'subsampling'], ['logprobs_length']));
    outputs.push(valueInfo('logprobs_length', ONNX_INT64, ['batch']));
  }
  const graph = concat([
    ...nodes.map((n) => field(1, n)),
    field(2, text('tiny_nemo_ctc')),
    field(5, tensor('table', [1, maxFrames, width], ONNX_FLOAT, new Uint8Array(table.buffer))),
    field(5, tensor('time_axis', [1], ONNX_INT64, i64([2]))),
    field(5, tensor('round_up', [1], ONNX_INT64, i64([subsampling - 1]))),
    field(5, tensor('subsampling', [1], ONNX_INT64, i64([subsampling]))),
    field(5, tensor('zero', [1], ONNX_INT64, i64([0]))),
    field(5, tensor('one', [1], ONNX_INT64, i64([1]))),
    field(11, valueInfo('audio_signal', ONNX_FLOAT, ['batch', featDim, 'time'])),
    field(11, valueInfo('length', ONNX_INT64, ['batch'])),
    ...(options.initializersAsInputs
      ? [field(11, valueInfo('table', ONNX_FLOAT, [1, maxFrames, width])), field(11, valueInfo('subsampling', ONNX_INT64, [1]))]
      : []),
    ...outputs.map((o) => field(12, o)),
  ]);
  const model = concat([
    varintField(1, 8), // ir_version
    field(2, text('verbatim-test')),
    field(7, graph),
    field(8, concat([field(1, text('')), varintField(2, 13)])), // opset 13
    ...Object.entries(metadata)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, v]) => field(14, concat([field(1, text(k)), field(2, text(v))]))),
  ]);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, options.onnxName ?? 'model.onnx'), model);
  if (!options.noTokens) writeFileSync(join(dir, 'tokens.txt'), tokens.map((t, i) => `${t} ${i}\n`).join(''));
  // feature frames every 10 ms, snip_edges false: about 100 per second; ask for one more output frame than given
  const seconds = ((frames.length + 1) * subsampling) / 100;
  return { tokens, seconds };
}

/** An English wav2vec2 vocab.json as Hugging Face writes it: specials, `|` as word delimiter, upper-case letters. */
export const WAV2VEC2_VOCAB: Readonly<Record<string, number>> = {
  '<pad>': 0, '<s>': 1, '</s>': 2, '<unk>': 3, '|': 4, E: 5, T: 6, A: 7, O: 8, N: 9, H: 10, R: 11, "'": 12, C: 13, S: 14,
};

/** Options of {@link writeWav2vec2CtcPackage}. */
export interface Wav2vec2PackageOptions {
  vocab?: Readonly<Record<string, number>>;
  /** config.json; default `{ conv_stride: [5, 2, 2, 2, 2, 2, 2], pad_token_id: 0 }` (320 samples per frame). */
  config?: Record<string, unknown> | null;
  /** preprocessor_config.json; default `{ do_normalize: false, sampling_rate: 16000 }` (the tiny graph reads raw levels). */
  preprocessor?: Record<string, unknown> | null;
  /** Symbols per output frame (default: the vocabulary's size). */
  vocabWidth?: number;
}

/**
 * Writes a wav2vec2 CTC export into `dir`: `model.onnx` ({@link tinyCtcModel}: `input_values (1, samples)` in,
 * `logits (1, frames, V)` out, one frame per 320 samples), `vocab.json`, `config.json`, `preprocessor_config.json`.
 * `signal(words)` is audio it transcribes as those words (upper-case letters of the vocabulary).
 */
export function writeWav2vec2CtcPackage(dir: string, options: Wav2vec2PackageOptions = {}): { tokens: string[]; frameSamples: number; signal(words: readonly string[]): Float32Array } {
  const vocab = options.vocab ?? WAV2VEC2_VOCAB;
  const tokens: string[] = [];
  for (const [t, id] of Object.entries(vocab)) tokens[id] = t;
  const frameSamples = 320;
  const width = options.vocabWidth ?? tokens.length;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.onnx'), tinyCtcModel(width, frameSamples));
  writeFileSync(join(dir, 'vocab.json'), JSON.stringify(vocab));
  const config = options.config === undefined ? { architectures: ['Wav2Vec2ForCTC'], conv_stride: [5, 2, 2, 2, 2, 2, 2], pad_token_id: 0 } : options.config;
  if (config !== null) writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const preprocessor = options.preprocessor === undefined ? { do_normalize: false, sampling_rate: 16000, feature_size: 1 } : options.preprocessor;
  if (preprocessor !== null) writeFileSync(join(dir, 'preprocessor_config.json'), JSON.stringify(preprocessor));
  const blank = vocab['<pad>'] ?? 0;
  const delimiter = vocab['|']!;
  return {
    tokens,
    frameSamples,
    signal(words) {
      const frames = [blank, blank];
      for (const word of words) {
        let prev = '';
        for (const ch of word) {
          if (ch === prev) frames.push(blank);
          const id = vocab[ch];
          if (id === undefined) throw new Error(`writeWav2vec2CtcPackage: ${ch} is not in the vocabulary`);
          frames.push(id, id);
          prev = ch;
        }
        frames.push(delimiter, blank);
      }
      frames.push(blank, blank);
      return tinyCtcSignal(frames, width, frameSamples);
    },
  };
}

// ONNX TensorProto.DataType
