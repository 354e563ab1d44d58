import type { FrontEndConfig } from './ModelBundle.ts';
import type { JsonFields } from './JsonFields.ts';
import { ModelBundleError } from './ModelBundleError.ts';

/** Reads and checks model.json's `input.frontEnd`: every parameter is required except the neutral ones. */
export function parseFrontEnd(f: JsonFields, sampleRate: number): FrontEndConfig {
  let cfg: FrontEndConfig = {
    kind: f.oneOf('kind', ['fbank'], 'unsupported-front-end'),
    sampleRate: f.number('sampleRate', { integer: true, above: 0 }),
    numMelBins: f.number('numMelBins', { integer: true, min: 1 }),
    frameLengthMs: f.number('frameLengthMs', { above: 0 }),
    frameShiftMs: f.number('frameShiftMs', { above: 0 }),
    nFft: f.number('nFft', { integer: true, min: 2 }),
    window: f.oneOf('window', ['hann'], 'unsupported-front-end'),
    preemphasis: f.number('preemphasis', { min: 0, max: 1 }),
    dither: f.optionalNumber('dither', 0, { min: 0 }),
    removeDcOffset: f.optionalBoolean('removeDcOffset', false),
    snipEdges: f.boolean('snipEdges'),
    melScale: f.oneOf('melScale', ['slaney'], 'unsupported-front-end'),
    melNorm: f.oneOf('melNorm', ['slaney', 'none'], 'unsupported-front-end'),
    lowFreq: f.number('lowFreq', { min: 0 }),
    highFreq: f.number('highFreq'),
    power: spectrumPower(f),
    logFloor: f.number('logFloor', { above: 0 }),
    normalize: normalizeKind(f),
    normalizeEps: 0,
  };
  if (cfg.normalize === 'per_feature') cfg = { ...cfg, normalizeEps: f.number('normalizeEps', { min: 0 }) };
  if (cfg.sampleRate !== sampleRate) {
    throw new ModelBundleError('invalid-field', `model.json: ${f.fieldPath('sampleRate')} is ${cfg.sampleRate} Hz but the model's sampleRate is ${sampleRate} Hz`, { field: f.fieldPath('sampleRate') });
  }
  if ((cfg.nFft & (cfg.nFft - 1)) !== 0) {
    throw new ModelBundleError('unsupported-front-end', `model.json: ${f.fieldPath('nFft')} must be a power of two (got ${cfg.nFft})`, { field: f.fieldPath('nFft') });
  }
  const win = Math.floor((cfg.sampleRate * cfg.frameLengthMs) / 1000);
  if (win < 1 || win > cfg.nFft) {
    throw new ModelBundleError('invalid-field', `model.json: ${f.fieldPath('frameLengthMs')} gives ${win} samples per frame, which must be between 1 and nFft (${cfg.nFft})`, { field: f.fieldPath('frameLengthMs') });
  }
  if (Math.floor((cfg.sampleRate * cfg.frameShiftMs) / 1000) < 1) {
    throw new ModelBundleError('invalid-field', `model.json: ${f.fieldPath('frameShiftMs')} is shorter than one sample`, { field: f.fieldPath('frameShiftMs') });
  }
  const high = cfg.highFreq > 0 ? cfg.highFreq : cfg.sampleRate / 2 + cfg.highFreq;
  if (!(high > cfg.lowFreq) || high > cfg.sampleRate / 2) {
    throw new ModelBundleError('invalid-field', `model.json: ${f.fieldPath('highFreq')} must lie above lowFreq (${cfg.lowFreq} Hz) and at most at the Nyquist frequency (${cfg.sampleRate / 2} Hz); got ${cfg.highFreq}`, { field: f.fieldPath('highFreq') });
  }
  return cfg;
}

function spectrumPower(f: JsonFields): 1 | 2 {
  const p = f.number('power');
  if (p !== 1 && p !== 2) {
    throw new ModelBundleError('unsupported-front-end', `model.json: ${f.fieldPath('power')} must be 1 (magnitude) or 2 (power spectrum); got ${p}`, { field: f.fieldPath('power') });
  }
  return p;
}

function normalizeKind(f: JsonFields): 'per_feature' | 'none' {
  // the recipe writes "" for "no normalisation"; NeMo configs say "None"
  const v = f.value['normalize'];
  if (v === '' || v === null || v === 'none' || v === 'None') return 'none';
  return f.oneOf('normalize', ['per_feature'], 'unsupported-front-end');
}
