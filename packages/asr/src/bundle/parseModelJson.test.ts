import { describe, expect, it } from 'vitest';
import { ModelBundleError } from './ModelBundleError.ts';
import { parseModelJson } from './parseModelJson.ts';
import { parseTokensTxt } from './parseTokensTxt.ts';
import { resolveVocabulary } from './resolveVocabulary.ts';

// a model.json a user might write for a third-party NeMo BPE CTC export run the sherpa-onnx way
const nemo = {
  id: 'stt_en_conformer_ctc_small',
  version: '1.6.0',
  file: 'model.onnx',
  sampleRate: 16000,
  input: {
    kind: 'features', name: 'audio_signal', lengthName: 'length', layout: 'batch,features,time',
    frontEnd: {
      kind: 'fbank', sampleRate: 16000, numMelBins: 80, frameLengthMs: 25, frameShiftMs: 10, nFft: 512, window: 'hann',
      preemphasis: 0.97, dither: 1e-5, snipEdges: false, melScale: 'slaney', melNorm: 'slaney', lowFreq: 0, highFreq: 0,
      power: 2, logFloor: 1.1920928955078125e-7, normalize: 'per_feature', normalizeEps: 1e-5,
    },
  },
  output: { kind: 'ctc-log-probs', name: 'logprobs', frameShiftSeconds: 0.04 },
  tokensFile: 'tokens.txt',
  blankId: 5,
  wordBoundary: '▁',
  confidence: { measure: 'tsallis', alpha: 0.33, aggregation: 'min' },
};

describe('parseModelJson', () => {
  it('reads a hand-written model.json for a third-party export, defaults only where neutral', () => {
    const d = parseModelJson(nemo);
    expect(d.input.kind).toBe('features');
    if (d.input.kind === 'features') {
      expect(d.input.frontEnd.removeDcOffset).toBe(false);
      expect(d.input.frontEnd.highFreq).toBe(0); // 0 = Nyquist, as in Kaldi
    }
    expect(d.output.lengthName).toBeUndefined();
    expect(d.tokens).toBeUndefined();
    expect(d.confidence).toEqual({ measure: 'tsallis', alpha: 0.33, aggregation: 'min', calibration: undefined });
    const tokens = parseTokensTxt('<unk> 0\n▁the 1\n▁a 2\ns 3\n▁ 4\n<blk> 5\n', 'tokens.txt');
    expect(resolveVocabulary(d, tokens)).toEqual(['<unk>', '▁the', '▁a', 's', '▁', '<blk>']);
  });

  it('accepts "None" for no normalisation, as NeMo configs write it', () => {
    const d = parseModelJson({ ...nemo, input: { ...nemo.input, frontEnd: { ...nemo.input.frontEnd, normalize: 'None', normalizeEps: undefined } } });
    expect(d.input.kind === 'features' && d.input.frontEnd.normalize).toBe('none');
  });

  it('reads textCase: lower-casing only when asked', () => {
    expect(parseModelJson(nemo).textCase).toBe('as-is');
    expect(parseModelJson({ ...nemo, textCase: 'lower' }).textCase).toBe('lower');
    expect(() => parseModelJson({ ...nemo, textCase: 'upper' })).toThrow(expect.objectContaining({ code: 'invalid-field', field: 'textCase' }));
  });

  it('names the field at fault', () => {
    const bad = { ...nemo, input: { ...nemo.input, frontEnd: { ...nemo.input.frontEnd, power: 3 } } };
    expect(() => parseModelJson(bad)).toThrow(expect.objectContaining({ code: 'unsupported-front-end', field: 'input.frontEnd.power' }));
    expect(() => parseModelJson({ ...nemo, tokensFile: undefined })).toThrow(expect.objectContaining({ code: 'missing-field', field: 'tokens' }));
    expect(() => parseModelJson({ ...nemo, sha256: 'abc' })).toThrow(ModelBundleError);
    expect(() => parseModelJson(null)).toThrow(expect.objectContaining({ code: 'invalid-field' }));
  });
});

describe("parseModelJson's LM calibration", () => {
  const lm = { file: 'lm.bin', alpha: 0.7, beta: 1 };
  const logistic = { method: 'logistic', features: ['logitAcoustic', 'lmLogProb', 'greedyAgrees'], weights: [0.7, 0.35, 1.2], bias: -3 };

  it('reads a Platt map or a logistic model over the word features this runtime computes', () => {
    expect(parseModelJson({ ...nemo, lm: { ...lm, calibration: { method: 'platt', a: 1.2, b: 0.1 } } }).lm?.calibration).toEqual({ method: 'platt', a: 1.2, b: 0.1 });
    expect(parseModelJson({ ...nemo, lm: { ...lm, calibration: logistic } }).lm?.calibration).toEqual(logistic);
    expect(parseModelJson({ ...nemo, lm }).lm?.calibration).toBeUndefined();
  });

  it('refuses a feature it does not compute (naming it), a weight too few or too many, a feature twice', () => {
    const read = (calibration: object) => () => parseModelJson({ ...nemo, lm: { ...lm, calibration } });
    expect(read({ ...logistic, features: ['logitAcoustic', 'speakerAge', 'greedyAgrees'] })).toThrow(/"speakerAge", which this runtime does not compute/);
    expect(read({ ...logistic, features: ['logitAcoustic', 'speakerAge', 'greedyAgrees'] })).toThrow(expect.objectContaining({ code: 'invalid-field', field: 'lm.calibration.features' }));
    expect(read({ ...logistic, weights: [1, 2] })).toThrow(expect.objectContaining({ code: 'invalid-field', field: 'lm.calibration.weights' }));
    expect(read({ ...logistic, weights: [1, 2, Number.NaN] })).toThrow(/an array of 3 numbers/);
    expect(read({ ...logistic, features: ['lmLogProb', 'lmLogProb', 'greedyAgrees'] })).toThrow(/names a feature twice/);
    expect(read({ ...logistic, bias: undefined })).toThrow(expect.objectContaining({ code: 'missing-field', field: 'lm.calibration.bias' }));
    expect(read({ method: 'isotonic' })).toThrow(expect.objectContaining({ field: 'lm.calibration.method' }));
    // the greedy decoding's calibration stays a Platt map
    expect(() => parseModelJson({ ...nemo, confidence: { ...nemo.confidence, calibration: logistic } })).toThrow(expect.objectContaining({ field: 'confidence.calibration.method' }));
  });
});

describe('parseTokensTxt', () => {
  it('reads ids out of order and refuses gaps and duplicates', () => {
    expect(parseTokensTxt('b 1\na 0\n', 't')).toEqual(['a', 'b']);
    expect(() => parseTokensTxt('a 0\nc 2\n', 't')).toThrow(/id 1 is missing/);
    expect(() => parseTokensTxt('a 0\nb 0\n', 't')).toThrow(/used twice/);
    expect(() => parseTokensTxt('\n\n', 't')).toThrow(/empty/);
  });
});
