import type { WordFeature } from '../words/wordFeatures.ts';

/**
 * A model bundle as the runtime sees it: everything about a model comes from its `model.json`, never from code.
 * Plain data (no handles), so it can be posted to a worker.
 */
export interface ModelBundle {
  /** The bundle directory (absolute). */
  readonly dir: string;
  readonly id: string;
  readonly version: string;
  readonly language: string | undefined;
  /** Rate the model expects its audio at, in Hz. */
  readonly sampleRate: number;
  /** Absolute path of the ONNX file. */
  readonly modelFile: string;
  /** sha256 (hex) of the ONNX file as read from disk. */
  readonly modelHash: string;
  readonly input: ModelInput;
  readonly output: ModelOutput;
  /** Output symbol of each vocabulary id, blank included. */
  readonly tokens: readonly string[];
  readonly blankId: number;
  /** The symbol that separates words: a token of its own (`▁`, `|`) or the prefix of word-initial pieces (`▁the`). */
  readonly wordBoundary: string;
  readonly confidence: ConfidenceConfig;
  /** The bundle's word language model and its decoding weights (model.json `lm`), if it has one. */
  readonly lm: LanguageModelConfig | undefined;
  /**
   * model.json `textCase`: `lower` lower-cases word text at output (a vocabulary of upper-case letters, as many
   * wav2vec2 exports have); absent or `as-is` keeps the tokens' case.
   */
  readonly textCase?: 'as-is' | 'lower';
  /**
   * model.json `punctuation`: the bundle's punctuation and truecasing model, described by a `punct.json` (absolute
   * path here; see `loadPunctuator`). Absent: transcripts stay in the model's spoken form.
   */
  readonly punctuation?: { readonly file: string };
}

/** model.json `lm`: a word n-gram model in Verbatim's binary format and the weights tuned for it. */
export interface LanguageModelConfig {
  /** Absolute path of the LM file (model.json gives it relative to the bundle). */
  readonly file: string;
  /** Expected sha256 of the LM file, if recorded. */
  readonly sha256: string | undefined;
  /** LM weight: score = acoustic + alpha * ln p_LM + beta * words. */
  readonly alpha: number;
  /** Per-word bonus. */
  readonly beta: number;
  /** Cost of a spelling that is no known word (<= 0). */
  readonly unkPenalty: number;
  /** Beam width the weights were tuned with. */
  readonly beam: number;
  /** Interpolation weight of a domain model when adapting (0..1; default 0.25). */
  readonly adaptationWeight: number;
  /**
   * Word confidence when decoding with the LM (fitted on LM-decoded dev words: the LM fixes many words, so the same
   * acoustic score means a higher chance of being right): a Platt map of the acoustic score, or a logistic model
   * over word features that also asks the LM and the best-path reading (see `computeWordFeatures`); default: the
   * `confidence` one.
   */
  readonly calibration: WordCalibration | undefined;
}

/** A Platt map of the raw word score: `p = 1 / (1 + exp(-(a * logit(raw) + b)))`. */
export interface PlattCalibration {
  readonly method: 'platt';
  readonly a: number;
  readonly b: number;
}

/**
 * A logistic model of P(word is right) over named word features: `p = 1 / (1 + exp(-(bias + sum(weights[i] *
 * feature[i]))))`. Only for LM decoding (some features read the LM).
 */
export interface LogisticCalibration {
  readonly method: 'logistic';
  readonly features: readonly WordFeature[];
  readonly weights: readonly number[];
  readonly bias: number;
}

/** How a word's score becomes its confidence: a Platt map, or (LM decoding) a logistic model over word features. */
export type WordCalibration = PlattCalibration | LogisticCalibration;

/** The model's input tensor. */
export type ModelInput = FeatureInput | WaveformInput;

/** A model fed log-mel features computed by the runtime's front end (NeMo / sherpa-onnx style). */
export interface FeatureInput {
  readonly kind: 'features';
  readonly name: string;
  /** Name of the int64 `(batch,)` length input, when the graph has one. */
  readonly lengthName: string | undefined;
  readonly layout: 'batch,features,time' | 'batch,time,features';
  readonly frontEnd: FrontEndConfig;
}

/** A model fed raw audio (wav2vec2 style), shape `(batch, samples)`. */
export interface WaveformInput {
  readonly kind: 'waveform';
  readonly name: string;
  readonly lengthName: string | undefined;
  /** `zero-mean-unit-var`: each window is normalised to mean 0, variance 1 (`(x - mean) / sqrt(var + eps)`). */
  readonly normalize: 'none' | 'zero-mean-unit-var';
  readonly normalizeEps: number;
}

/** Every parameter of the log-mel filterbank (kaldi-native-fbank semantics), as model.json's `input.frontEnd`. */
export interface FrontEndConfig {
  readonly kind: 'fbank';
  readonly sampleRate: number;
  readonly numMelBins: number;
  readonly frameLengthMs: number;
  readonly frameShiftMs: number;
  readonly nFft: number;
  readonly window: 'hann';
  readonly preemphasis: number;
  /** A training-time setting: the runtime never dithers, so the same audio always gives the same words. */
  readonly dither: number;
  readonly removeDcOffset: boolean;
  readonly snipEdges: boolean;
  readonly melScale: 'slaney';
  readonly melNorm: 'slaney' | 'none';
  readonly lowFreq: number;
  /** Upper edge in Hz; zero or negative counts down from the Nyquist frequency, as in Kaldi. */
  readonly highFreq: number;
  readonly power: 1 | 2;
  readonly logFloor: number;
  readonly normalize: 'per_feature' | 'none';
  readonly normalizeEps: number;
}

/** The model's output tensor, `(batch, frames, vocab)`. */
export interface ModelOutput {
  /** `ctc-logits` are turned into log-probabilities by a log-softmax over the vocabulary. */
  readonly kind: 'ctc-log-probs' | 'ctc-logits';
  readonly name: string;
  readonly lengthName: string | undefined;
  /** Seconds between output frames. */
  readonly frameShiftSeconds: number;
}

/** How a word's confidence is computed from its frames' posteriors and calibrated (model.json `confidence`). */
export interface ConfidenceConfig {
  /** Per-frame measure: the top posterior, or 1 - normalised Tsallis entropy of the posteriors. */
  readonly measure: 'max_prob' | 'tsallis';
  /** Tsallis entropy order (only for `tsallis`). */
  readonly alpha: number;
  /** How a word combines its frames' measures. */
  readonly aggregation: 'min' | 'mean' | 'prod';
  /** Platt map `p = 1 / (1 + exp(-(a * logit(raw) + b)))`; without it the raw score is reported uncalibrated. */
  readonly calibration: PlattCalibration | undefined;
}
