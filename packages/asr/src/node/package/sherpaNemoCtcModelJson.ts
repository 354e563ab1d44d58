import { ModelBundleError } from '../../bundle/ModelBundleError.ts';
import { nemoCtcFrontEnd } from './nemoCtcFrontEnd.ts';
import { declaredVocab, graphInterface } from './graphInterface.ts';
import type { OnnxMetadata } from './readOnnxMetadata.ts';

/** What {@link sherpaNemoCtcModelJson} builds a model.json from. */
export interface SherpaNemoCtcSource {
  readonly id: string;
  readonly version: string;
  /** The ONNX file (relative) and its sha256. */
  readonly file: string;
  readonly sha256: string;
  readonly meta: OnnxMetadata;
  /** tokens.txt, relative, and the tokens it lists. */
  readonly tokensFile: string;
  readonly tokens: readonly string[];
}

/** Confidence for a model without calibration: the top posterior averaged over the word's frames, as the bundled model measures it; no Platt map, so it is reported uncalibrated. */
export const UNCALIBRATED_CONFIDENCE = { measure: 'max_prob', aggregation: 'mean' } as const;

/**
 * model.json for a sherpa-onnx NeMo CTC package (an ONNX with sherpa-onnx's metadata + tokens.txt), from the ONNX
 * metadata and graph alone:
 * - `vocab_size` must agree with tokens.txt (NeMo counts it without the blank, so tokens = vocab_size + 1; a count
 *   that includes the blank is accepted too);
 * - `subsampling_factor` (required) gives the output frame shift, 10 ms × factor;
 * - `normalize_type` (`per_feature`, or empty / `NA` for none) and `feat_dim` (default 80) set the front end, otherwise
 *   NeMo's defaults as sherpa-onnx applies them ({@link nemoCtcFrontEnd});
 * - the input and output names come from the graph; the output is log-probs when its name says so (NeMo's
 *   `logprobs`), logits otherwise;
 * - the blank is the `<blk>` (or `<blank>`) token, else the last one (NeMo's convention); words begin at `▁`
 *   (a character model without `▁` pieces: at its space token).
 *
 * @throws {ModelBundleError} naming model.onnx or tokens.txt and the value at fault.
 */
export function sherpaNemoCtcModelJson(src: SherpaNemoCtcSource): Record<string, unknown> {
  const { meta, file, tokens, tokensFile } = src;
  const m = meta.metadata;
  const integer = (key: string, fallback: number | undefined): number => {
    const text = m[key];
    if (text === undefined || text.trim() === '') {
      if (fallback !== undefined) return fallback;
      throw new ModelBundleError('missing-field', `${file}: the ONNX metadata has no ${key}, which a sherpa-onnx NeMo CTC export records`, { field: key });
    }
    if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1) {
      throw new ModelBundleError('invalid-field', `${file}: ONNX metadata ${key} must be a positive integer (got ${JSON.stringify(text)})`, { field: key });
    }
    return Number(text);
  };
  const modelType = m['model_type'] ?? '';
  if (/rnnt|transducer|tdt/i.test(modelType) && !/ctc/i.test(modelType)) {
    throw new ModelBundleError('unknown-layout', `${file}: ONNX metadata model_type ${JSON.stringify(modelType)} is a transducer; Verbatim runs CTC models (export a NeMo model's CTC branch, as sherpa-onnx's export-onnx-ctc scripts do)`, { field: 'model_type' });
  }
  const vocabSize = m['vocab_size'] === undefined ? undefined : integer('vocab_size', undefined);
  if (vocabSize !== undefined && tokens.length !== vocabSize + 1 && tokens.length !== vocabSize) {
    throw new ModelBundleError('tokens-mismatch', `${tokensFile} lists ${tokens.length} tokens but ${file} has vocab_size ${vocabSize} (${vocabSize + 1} outputs with the blank)`, { field: 'tokens' });
  }
  const subsampling = integer('subsampling_factor', undefined);
  const featDim = integer('feat_dim', 80);
  const sampleRate = integer('sample_rate', 16000);
  const normalizeType = (m['normalize_type'] ?? '').trim();
  let normalize: 'per_feature' | 'none';
  if (normalizeType === 'per_feature') normalize = 'per_feature';
  else if (['', 'None', 'none', 'NA'].includes(normalizeType)) normalize = 'none';
  else {
    throw new ModelBundleError('unsupported-front-end', `${file}: ONNX metadata normalize_type ${JSON.stringify(normalizeType)} is not supported (per_feature, or empty for none)`, { field: 'normalize_type' });
  }

  const io = graphInterface(meta, file, 3);
  const width = declaredVocab(io.output);
  if (width !== undefined && width !== tokens.length) {
    throw new ModelBundleError('tokens-mismatch', `${tokensFile} lists ${tokens.length} tokens but ${file}'s output ${io.output.name} declares ${width} symbols per frame`, { field: 'tokens' });
  }
  const dims = io.input.dims;
  const layout = dims && dims[2] === featDim && dims[1] !== featDim ? 'batch,time,features' : 'batch,features,time';
  if (dims && typeof dims[layout === 'batch,features,time' ? 1 : 2] === 'number' && dims[layout === 'batch,features,time' ? 1 : 2] !== featDim) {
    throw new ModelBundleError('model-mismatch', `${file}: input ${io.input.name} declares ${dims.map((d) => d ?? '?').join(' × ')} but feat_dim is ${featDim}`);
  }
  let blankId = tokens.findIndex((t) => t === '<blk>' || t === '<blank>');
  if (blankId < 0) blankId = tokens.length - 1;

  return {
    schema: 1,
    id: src.id,
    version: src.version,
    file,
    sha256: src.sha256,
    sampleRate,
    input: {
      kind: 'features',
      name: io.input.name,
      ...(io.lengthInput ? { lengthName: io.lengthInput.name } : {}),
      layout,
      frontEnd: nemoCtcFrontEnd(featDim, normalize, sampleRate),
    },
    output: {
      kind: /log.?prob/i.test(io.output.name) ? 'ctc-log-probs' : 'ctc-logits',
      name: io.output.name,
      ...(io.lengthOutput ? { lengthName: io.lengthOutput.name } : {}),
      subsamplingFactor: subsampling,
      frameShiftSeconds: (10 * subsampling) / 1000,
    },
    tokensFile,
    blankId,
    // SentencePiece marks word starts with ▁; NeMo's character models have a space token instead
    wordBoundary: !tokens.some((t) => t.startsWith('▁')) && tokens.includes(' ') ? ' ' : '▁',
    confidence: { ...UNCALIBRATED_CONFIDENCE },
    sherpaOnnx: { kind: 'nemo_ctc', model: file, tokens: tokensFile },
    generatedFrom: { layout: 'sherpa-nemo-ctc', onnxMetadata: { ...m } },
  };
}
