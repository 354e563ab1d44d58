import { JsonFields } from './JsonFields.ts';
import { WORD_FEATURES, type WordFeature } from '../words/wordFeatures.ts';
import type { ConfidenceConfig, LanguageModelConfig, ModelBundle, ModelInput, ModelOutput, PlattCalibration, WordCalibration } from './ModelBundle.ts';
import { ModelBundleError } from './ModelBundleError.ts';
import { parseFrontEnd } from './parseFrontEnd.ts';

/** model.json checked field by field, before the files it names are read. */
export interface ModelDescription extends Omit<ModelBundle, 'dir' | 'modelFile' | 'modelHash' | 'tokens' | 'lm'> {
  /** model.json `lm`, its file still relative to the bundle directory. */
  readonly lm: LanguageModelConfig | undefined;
  /** The ONNX file, relative to the bundle directory. */
  readonly file: string;
  /** Tokens listed inline in model.json, if any. */
  readonly tokens: readonly string[] | undefined;
  /** A sherpa-onnx style tokens file (`<symbol> <id>` per line), relative to the bundle directory, if any. */
  readonly tokensFile: string | undefined;
  /** Expected sha256 of the ONNX file, if model.json records it. */
  readonly sha256: string | undefined;
}

/**
 * Validates a parsed model.json. Throws {@link ModelBundleError} naming the first field that is missing, of the
 * wrong type or unsupported.
 */
export function parseModelJson(json: unknown): ModelDescription {
  const root = new JsonFields(json, '');
  if (root.has('schema') && root.value['schema'] !== 1) {
    throw new ModelBundleError('unsupported-schema', `model.json: schema ${JSON.stringify(root.value['schema'])} is not supported (this runtime reads schema 1)`, { field: 'schema' });
  }
  const sampleRate = root.number('sampleRate', { integer: true, above: 0 });
  const tokens = root.has('tokens') ? root.stringArray('tokens') : undefined;
  const tokensFile = root.optionalString('tokensFile');
  if (!tokens && !tokensFile) {
    throw new ModelBundleError('missing-field', 'model.json: needs the vocabulary, as "tokens" (an array) or "tokensFile" (a tokens.txt)', { field: 'tokens' });
  }
  const sha256 = root.optionalString('sha256');
  if (sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(sha256)) {
    throw new ModelBundleError('invalid-field', 'model.json: sha256 must be 64 hexadecimal digits', { field: 'sha256' });
  }
  return {
    id: root.string('id'),
    version: root.string('version'),
    language: root.optionalString('language'),
    file: root.string('file'),
    sha256: sha256?.toLowerCase(),
    sampleRate,
    input: parseInput(root.object('input'), sampleRate),
    output: parseOutput(root.object('output')),
    tokens,
    tokensFile,
    blankId: root.number('blankId', { integer: true, min: 0 }),
    wordBoundary: root.string('wordBoundary'),
    confidence: parseConfidence(root.object('confidence')),
    lm: root.has('lm') ? parseLanguageModel(root.object('lm')) : undefined,
    textCase: root.has('textCase') ? root.oneOf<'as-is' | 'lower'>('textCase', ['as-is', 'lower']) : 'as-is',
    ...(root.has('punctuation') ? { punctuation: { file: root.object('punctuation').string('file') } } : {}),
  };
}

function parsePlatt(c: JsonFields): PlattCalibration {
  return { method: c.oneOf('method', ['platt']), a: c.number('a'), b: c.number('b') };
}

// the LM decoding's calibration: a Platt map, or a logistic model over word features this runtime computes
function parseWordCalibration(c: JsonFields): WordCalibration {
  if (c.oneOf('method', ['platt', 'logistic']) === 'platt') return parsePlatt(c);
  const features = c.stringArray('features');
  for (const name of features) {
    if (!(WORD_FEATURES as readonly string[]).includes(name)) {
      throw new ModelBundleError('invalid-field', `model.json: ${c.fieldPath('features')} names ${JSON.stringify(name)}, which this runtime does not compute (it knows ${WORD_FEATURES.join(', ')})`, { field: c.fieldPath('features') });
    }
  }
  if (new Set(features).size !== features.length) {
    throw new ModelBundleError('invalid-field', `model.json: ${c.fieldPath('features')} names a feature twice`, { field: c.fieldPath('features') });
  }
  return { method: 'logistic', features: features as WordFeature[], weights: c.numberArray('weights', features.length), bias: c.number('bias') };
}

function parseLanguageModel(f: JsonFields): LanguageModelConfig {
  const sha256 = f.optionalString('sha256');
  if (sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(sha256)) {
    throw new ModelBundleError('invalid-field', `model.json: ${f.fieldPath('sha256')} must be 64 hexadecimal digits`, { field: f.fieldPath('sha256') });
  }
  return {
    file: f.string('file'),
    sha256: sha256?.toLowerCase(),
    alpha: f.number('alpha', { min: 0, max: 10 }),
    beta: f.number('beta', { min: -20, max: 20 }),
    unkPenalty: f.optionalNumber('unkPenalty', 0, { min: -100, max: 0 }),
    beam: f.optionalNumber('beam', 16, { integer: true, min: 1, max: 1024 }),
    adaptationWeight: f.optionalNumber('adaptationWeight', 0.25, { above: 0, max: 0.99 }),
    calibration: f.has('calibration') ? parseWordCalibration(f.object('calibration')) : undefined,
  };
}

function parseInput(f: JsonFields, sampleRate: number): ModelInput {
  const kind = f.oneOf('kind', ['features', 'waveform'], 'unsupported-input-kind');
  if (kind === 'features') {
    return {
      kind,
      name: f.string('name'),
      lengthName: f.optionalString('lengthName'),
      layout: f.oneOf('layout', ['batch,features,time', 'batch,time,features']),
      frontEnd: parseFrontEnd(f.object('frontEnd'), sampleRate),
    };
  }
  const normalize = f.has('normalize') ? f.oneOf('normalize', ['none', 'zero-mean-unit-var']) : 'none';
  return {
    kind,
    name: f.string('name'),
    lengthName: f.optionalString('lengthName'),
    normalize,
    // the Hugging Face Wav2Vec2FeatureExtractor's constant, the usual source of such models
    normalizeEps: f.optionalNumber('normalizeEps', 1e-7, { min: 0 }),
  };
}

function parseOutput(f: JsonFields): ModelOutput {
  return {
    kind: f.oneOf('kind', ['ctc-log-probs', 'ctc-logits'], 'unsupported-output-kind'),
    name: f.string('name'),
    lengthName: f.optionalString('lengthName'),
    frameShiftSeconds: f.number('frameShiftSeconds', { above: 0 }),
  };
}

function parseConfidence(f: JsonFields): ConfidenceConfig {
  const measure = f.oneOf('measure', ['max_prob', 'tsallis']);
  const alpha = measure === 'tsallis' ? f.number('alpha', { above: 0 }) : Number.NaN;
  if (measure === 'tsallis' && alpha === 1) {
    throw new ModelBundleError('invalid-field', `model.json: ${f.fieldPath('alpha')} must differ from 1 (Tsallis entropy of order 1 is Shannon's; not supported)`, { field: f.fieldPath('alpha') });
  }
  let calibration: ConfidenceConfig['calibration'];
  if (f.has('calibration')) {
    const c = f.object('calibration');
    calibration = parsePlatt(c);
  }
  return { measure, alpha, aggregation: f.oneOf('aggregation', ['min', 'mean', 'prod']), calibration };
}
