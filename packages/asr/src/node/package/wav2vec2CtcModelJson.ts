import { ModelBundleError } from '../../bundle/ModelBundleError.ts';
import { declaredVocab, graphInterface } from './graphInterface.ts';
import type { OnnxMetadata } from './readOnnxMetadata.ts';
import { UNCALIBRATED_CONFIDENCE } from './sherpaNemoCtcModelJson.ts';

/** What {@link wav2vec2CtcModelJson} builds a model.json from: the ONNX and the Hugging Face files beside it, parsed. */
export interface Wav2vec2CtcSource {
  readonly id: string;
  readonly version: string;
  readonly file: string;
  readonly sha256: string;
  readonly meta: OnnxMetadata;
  /** vocab.json: token to id. */
  readonly vocab: unknown;
  /** config.json, preprocessor_config.json and tokenizer_config.json, each if present. */
  readonly config: Record<string, unknown> | undefined;
  readonly preprocessor: Record<string, unknown> | undefined;
  readonly tokenizer: Record<string, unknown> | undefined;
}

// Wav2Vec2Config's default feature encoder: 7 convolutions, strides 5,2,2,2,2,2,2 (320 samples per frame)
const DEFAULT_CONV_STRIDE = [5, 2, 2, 2, 2, 2, 2];

/**
 * model.json for a wav2vec2-style CTC export as Hugging Face writes it (an ONNX of raw audio in, logits out, with
 * `vocab.json` beside it):
 * - tokens from vocab.json (ids must run 0..n-1); the blank is config.json `pad_token_id`, else the `<pad>` token;
 *   words are split at `|` (tokenizer_config.json `word_delimiter_token` when it names another);
 * - the input is the waveform, zero-mean/unit-variance normalised unless preprocessor_config.json says
 *   `do_normalize: false`, at its `sampling_rate` (default 16000 Hz);
 * - one output frame per product of config.json `conv_stride` samples (default 320: 20 ms at 16 kHz);
 * - a vocabulary of upper-case letters (the usual English wav2vec2) gets `textCase: "lower"`.
 *
 * @throws {ModelBundleError} naming vocab.json, config.json or the ONNX and the value at fault.
 */
export function wav2vec2CtcModelJson(src: Wav2vec2CtcSource): Record<string, unknown> {
  const { file, meta, config, preprocessor, tokenizer } = src;
  const tokens = vocabTokens(src.vocab);
  const integerField = (obj: Record<string, unknown> | undefined, name: string, key: string, fallback: number): number => {
    const v = obj?.[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new ModelBundleError('invalid-field', `${name}: ${key} must be a non-negative integer (got ${JSON.stringify(v)})`, { field: key });
    }
    return v;
  };

  const pad = tokens.indexOf('<pad>');
  const blankId = integerField(config, 'config.json', 'pad_token_id', pad);
  if (blankId < 0 || blankId >= tokens.length) {
    throw new ModelBundleError('blank-out-of-range', blankId < 0
      ? 'vocab.json has no <pad> token and config.json no pad_token_id: cannot tell which token is the CTC blank'
      : `config.json: pad_token_id ${blankId} is outside vocab.json's ids 0..${tokens.length - 1}`, { field: 'pad_token_id' });
  }
  const delimiter = tokenizer?.['word_delimiter_token'];
  const wordBoundary = typeof delimiter === 'string' && delimiter !== '' ? delimiter : '|';

  const sampleRate = integerField(preprocessor, 'preprocessor_config.json', 'sampling_rate', 16000);
  if (sampleRate === 0) throw new ModelBundleError('invalid-field', 'preprocessor_config.json: sampling_rate must be positive', { field: 'sampling_rate' });
  const doNormalize = preprocessor?.['do_normalize'];
  if (doNormalize !== undefined && typeof doNormalize !== 'boolean') {
    throw new ModelBundleError('invalid-field', `preprocessor_config.json: do_normalize must be true or false (got ${JSON.stringify(doNormalize)})`, { field: 'do_normalize' });
  }
  const strides = config?.['conv_stride'] ?? DEFAULT_CONV_STRIDE;
  if (!Array.isArray(strides) || strides.length === 0 || strides.some((s) => typeof s !== 'number' || !Number.isInteger(s) || s < 1)) {
    throw new ModelBundleError('invalid-field', `config.json: conv_stride must be a list of positive integers (got ${JSON.stringify(strides)})`, { field: 'conv_stride' });
  }
  const hop = (strides as number[]).reduce((a, b) => a * b, 1);

  const io = graphInterface(meta, file, 2);
  const width = declaredVocab(io.output);
  if (width !== undefined && width !== tokens.length) {
    throw new ModelBundleError('tokens-mismatch', `vocab.json lists ${tokens.length} tokens but ${file}'s output ${io.output.name} declares ${width} symbols per frame`, { field: 'tokens' });
  }
  const upper = tokens.some((t, id) => id !== blankId && !/^<.*>$/.test(t) && t !== t.toLowerCase());
  const lower = tokens.some((t, id) => id !== blankId && !/^<.*>$/.test(t) && t !== t.toUpperCase());

  return {
    schema: 1,
    id: src.id,
    version: src.version,
    file,
    sha256: src.sha256,
    sampleRate,
    input: {
      kind: 'waveform',
      name: io.input.name,
      ...(io.lengthInput ? { lengthName: io.lengthInput.name } : {}),
      normalize: doNormalize === false ? 'none' : 'zero-mean-unit-var',
    },
    output: {
      kind: /log.?prob/i.test(io.output.name) ? 'ctc-log-probs' : 'ctc-logits',
      name: io.output.name,
      ...(io.lengthOutput ? { lengthName: io.lengthOutput.name } : {}),
      frameShiftSeconds: hop / sampleRate,
    },
    tokens,
    blankId,
    wordBoundary,
    ...(upper && !lower ? { textCase: 'lower' } : {}),
    confidence: { ...UNCALIBRATED_CONFIDENCE },
    generatedFrom: { layout: 'wav2vec2-ctc', onnxMetadata: { ...meta.metadata } },
  };
}

/** vocab.json's `{ token: id }` as the token of each id; ids must run 0..n-1, each once. */
function vocabTokens(vocab: unknown): string[] {
  if (typeof vocab !== 'object' || vocab === null || Array.isArray(vocab)) {
    throw new ModelBundleError('tokens-file-malformed', 'vocab.json must be a JSON object of token to id');
  }
  const tokens: string[] = [];
  for (const [token, id] of Object.entries(vocab)) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      throw new ModelBundleError('tokens-file-malformed', `vocab.json: the id of ${JSON.stringify(token)} must be a non-negative integer (got ${JSON.stringify(id)})`);
    }
    if (tokens[id] !== undefined) throw new ModelBundleError('tokens-file-malformed', `vocab.json: id ${id} is used by both ${JSON.stringify(tokens[id])} and ${JSON.stringify(token)}`);
    tokens[id] = token;
  }
  if (tokens.length === 0) throw new ModelBundleError('tokens-file-malformed', 'vocab.json is empty');
  for (let id = 0; id < tokens.length; id++) {
    if (tokens[id] === undefined) throw new ModelBundleError('tokens-file-malformed', `vocab.json: id ${id} is missing (ids must run 0..${tokens.length - 1})`);
  }
  return tokens;
}
