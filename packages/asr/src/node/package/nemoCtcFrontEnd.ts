import type { FrontEndConfig } from '../../bundle/ModelBundle.ts';

/**
 * The log-mel front end sherpa-onnx runs a NeMo CTC export with (NeMo's AudioToMelSpectrogramPreprocessor as its
 * conformer/fastconformer configs set it: 25 ms Hann frames every 10 ms, nFft 512, pre-emphasis 0.97, Slaney mel
 * bins from 0 Hz to Nyquist, natural log floored at float32 epsilon, no dither), with the bin count and the
 * normalisation the ONNX metadata gives (`feat_dim`, `normalize_type`). It is the front end the recipe trains with,
 * so the bundled model's own ONNX prepares to exactly its model.json.
 */
export function nemoCtcFrontEnd(numMelBins: number, normalize: 'per_feature' | 'none', sampleRate = 16000): FrontEndConfig & { padValue: number } {
  return {
    kind: 'fbank',
    sampleRate,
    numMelBins,
    frameLengthMs: 25,
    frameShiftMs: 10,
    nFft: 512,
    window: 'hann',
    preemphasis: 0.97,
    dither: 0,
    removeDcOffset: false,
    snipEdges: false,
    melScale: 'slaney',
    melNorm: 'slaney',
    lowFreq: 0,
    highFreq: sampleRate / 2,
    power: 2,
    logFloor: 1.1920928955078125e-7,
    normalize,
    normalizeEps: 1e-5,
    padValue: 0,
  };
}
