// @verbatim/asr: the speech runtime's runtime-neutral entry (no Node or DOM APIs, no onnxruntime binding): the model
// bundle's description, front end, decoding, language models, words and confidence, and audio decoding from bytes.
// Files, onnxruntime-node, worker threads and ffmpeg are in `@verbatim/asr/node` (src/node.ts).

// model bundle
export type { ConfidenceConfig, FeatureInput, FrontEndConfig, LanguageModelConfig, LogisticCalibration, ModelBundle, ModelInput, ModelOutput, PlattCalibration, WaveformInput, WordCalibration } from './bundle/ModelBundle.ts';
export { ModelBundleError } from './bundle/ModelBundleError.ts';
export type { ModelBundleErrorCode } from './bundle/ModelBundleError.ts';
export { parseModelJson } from './bundle/parseModelJson.ts';
export type { ModelDescription } from './bundle/parseModelJson.ts';

// front end and acoustic model
export { computeFeatures } from './frontend/computeFeatures.ts';
export { FrontEnd } from './frontend/FrontEnd.ts';
export type { Features } from './frontend/Features.ts';
export { melMatrix } from './frontend/melFilterBank.ts';
export { AcousticModel } from './model/AcousticModel.ts';
export type { AcousticModelOptions } from './model/AcousticModel.ts';
export type { InferenceRuntime, InferenceSessionHandle, InferenceSessionOptions, InferenceTensor } from './model/InferenceRuntime.ts';

// CTC decoding and vocabulary boosting
export type { DecodedToken, Hypothesis, LogProbs } from './decode/types.ts';
export { greedySearch } from './decode/greedySearch.ts';
export { prefixBeamSearch } from './decode/prefixBeamSearch.ts';
export type { PrefixBeamSearchOptions } from './decode/prefixBeamSearch.ts';
export { ContextGraph, createContextGraph } from './decode/contextGraph.ts';
export type { ContextGraphOptions, PhraseMatch } from './decode/contextGraph.ts';
export { DEFAULT_MAX_PHRASE_BOOST, DEFAULT_TOKEN_BOOST, VOCABULARY_LIMITS } from './decode/VocabularyEntry.ts';
export type { VocabularyEntry } from './decode/VocabularyEntry.ts';
export { VocabularyError } from './decode/VocabularyError.ts';
export type { VocabularyErrorCode, VocabularyProblem, VocabularyProblemCode } from './decode/VocabularyError.ts';
export { DecodeError } from './decode/DecodeError.ts';
export type { DecodeErrorCode } from './decode/DecodeError.ts';
export { applyDisplayAs } from './decode/applyDisplayAs.ts';
export type { DisplaySpan } from './decode/applyDisplayAs.ts';
export { createTokenizer } from './decode/createTokenizer.ts';
export type { TokenizerOptions } from './decode/createTokenizer.ts';
export type { Tokenize } from './decode/compileVocabulary.ts';

// word language model: estimation, the binary format, adaptation, shallow fusion
export { NgramModel } from './lm/NgramModel.ts';
export type { NgramTables } from './lm/NgramModel.ts';
export { estimateNgramModel } from './lm/estimateNgramModel.ts';
export type { EstimateNgramOptions } from './lm/estimateNgramModel.ts';
export { decodeNgramModel, encodeNgramModel, NGRAM_FORMAT_VERSION, NGRAM_MAGIC } from './lm/ngramBinary.ts';
export { toArpa } from './lm/toArpa.ts';
export { LanguageModelError } from './lm/LanguageModelError.ts';
export type { LanguageModelErrorCode } from './lm/LanguageModelError.ts';
export type { WordLanguageModel } from './lm/WordLanguageModel.ts';
export { InterpolatedLanguageModel } from './lm/InterpolatedLanguageModel.ts';
export { adaptLanguageModel } from './lm/adaptLanguageModel.ts';
export type { AdaptOptions, DomainInput } from './lm/adaptLanguageModel.ts';
export { DOMAIN_TEXT_LIMITS, normalizeDomainText } from './lm/normalizeDomainText.ts';
export { createLanguageModelScorer, LanguageModelScorer } from './lm/LanguageModelScorer.ts';
export type { LanguageModelWeights, ScorerBundle } from './lm/LanguageModelScorer.ts';

// words, timings, confidence
export type { Word } from './words/Word.ts';
export { wordsFromHypothesis } from './words/wordsFromHypothesis.ts';
export { applyLogisticCalibration, computeWordFeatures, WORD_FEATURES } from './words/wordFeatures.ts';
export type { WordFeature, WordFeatureContext } from './words/wordFeatures.ts';
export type { WordBundle } from './words/wordsFromHypothesis.ts';
export { frameConfidence } from './words/frameConfidence.ts';
export { calibrateConfidence } from './words/calibrateConfidence.ts';

// punctuation and truecasing
export { Punctuator } from './punctuate/Punctuator.ts';
export type { PunctuateOptions } from './punctuate/Punctuator.ts';
export { parsePunctuationJson } from './punctuate/PunctuationConfig.ts';
export type { PunctuationConfig, PunctuationMark, WordCase } from './punctuate/PunctuationConfig.ts';
export { boundSentences, decidePunctuation, windowStarts } from './punctuate/decidePunctuation.ts';
export { suffixBucket } from './punctuate/suffixBucket.ts';
export { writeWord } from './punctuate/writeWord.ts';

// long audio
export { transcribeStream } from './transcribe/transcribeStream.ts';
export { transcribeSamples } from './transcribe/transcribeSamples.ts';
export type { TranscribeOptions, TranscribeResult, TranscribeTimings } from './transcribe/TranscribeOptions.ts';
export { TranscribeError } from './transcribe/TranscribeError.ts';
export type { TranscribeErrorCode } from './transcribe/TranscribeError.ts';
export { createVocabularyGraph } from './transcribe/createVocabularyGraph.ts';
export { prepareDecoding } from './transcribe/prepareDecoding.ts';
export type { Decoding, LanguageModelMode, PrepareDecodingOptions } from './transcribe/prepareDecoding.ts';

// speakers: who spoke when
export { MAX_AUTO_SPEAKERS, SpeakerCollector } from './diarize/SpeakerCollector.ts';
export type { SpeakerAssignment, SpeakerCollectorOptions } from './diarize/SpeakerCollector.ts';
export { embeddingDistance } from './diarize/SpeakerEmbedder.ts';
export type { SpeakerEmbedder } from './diarize/SpeakerEmbedder.ts';
export { CEPSTRA, ENERGY_DIM, FRAME_DIMS, FRAME_HOP_SECONDS, PITCH_DIM, SpeakerFeatures } from './diarize/SpeakerFeatures.ts';
export { STATISTICS_EMBEDDER_DEFAULTS, statisticsEmbedder } from './diarize/statisticsEmbedder.ts';
export type { StatisticsEmbedderOptions } from './diarize/statisticsEmbedder.ts';
export { STATISTICS_DIMS, STATISTICS_PITCH, statisticsVector } from './diarize/statisticsVector.ts';
export { PROJECTION_THRESHOLD, projectionEmbedder } from './diarize/projectionEmbedder.ts';
export type { ProjectionEmbedderOptions, SpeakerProjection } from './diarize/projectionEmbedder.ts';
export { SPEAKER_PROJECTION } from './diarize/speakerProjection.ts';
export { DiarizationError } from './diarize/DiarizationError.ts';
export type { DiarizationErrorCode } from './diarize/DiarizationError.ts';

// live captions: a sliding window re-decoded as audio arrives, partial and final captions
export { LiveRecognizer } from './live/LiveRecognizer.ts';
export type { LiveRecognizerOptions, LiveStepResult, LiveWarning } from './live/LiveRecognizer.ts';
export type { InputLevelMonitorOptions } from './live/InputLevelMonitor.ts';

// audio input
export { AudioDecodeError } from './audio/AudioDecodeError.ts';
export type { AudioDecodeErrorCode } from './audio/AudioDecodeError.ts';
export { audioFormats } from './audio/audioFormats.ts';
export type { AudioDecoderKind, AudioFormat, AudioFormatInfo } from './audio/audioFormats.ts';
export { detectFormat } from './audio/detectFormat.ts';
export type { AudioProgress, AudioStream } from './audio/AudioStream.ts';
export { resample, Resampler } from './audio/Resampler.ts';
export type { ResamplerOptions } from './audio/Resampler.ts';
export { downmix, downmixInterleaved } from './audio/downmix.ts';
export { WavDecoder } from './audio/wav.ts';
export type { WavDecoderOptions, WavFormat } from './audio/wav.ts';
export type { DecodedAudio, StreamDecoder, StreamInfo } from './audio/StreamDecoder.ts';
export { createWasmDecoder } from './audio/WasmDecoder.ts';
export type { WasmAudioFormat } from './audio/WasmDecoder.ts';
export { decodeChunks, monoBlocks } from './audio/monoBlocks.ts';
export type { MonoBlocksOptions } from './audio/monoBlocks.ts';
export { readAllBlocks } from './audio/readAllBlocks.ts';
