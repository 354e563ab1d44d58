// @verbatim/asr/node: the speech runtime's Node-only entry: model bundles and language models read from files,
// onnxruntime-node, the worker-thread transcriber pool, and audio files opened from disk or through ffmpeg. The
// runtime-neutral contracts these implement (ModelBundle, InferenceRuntime, AudioStream, ...) come from `@verbatim/asr`.

// model bundle and language model files, onnxruntime-node, worker pool
export { loadModelBundle } from './node/loadModelBundle.ts';
export { loadAcousticModel } from './node/loadAcousticModel.ts';
export { loadLanguageModel } from './node/loadLanguageModel.ts';
export { loadPunctuator } from './node/loadPunctuator.ts';
export { onnxRuntimeNode } from './node/onnxRuntimeNode.ts';
export { TranscriberPool } from './node/TranscriberPool.ts';
export type { TranscribeFileOptions, TranscriberPoolOptions, TranscriptionResult } from './node/TranscriberPool.ts';
export { TranscriberPoolError } from './node/TranscriberPoolError.ts';
export type { TranscriberPoolErrorCode } from './node/TranscriberPoolError.ts';
export type { ModelInfo, TranscriptionNotes } from './node/workerProtocol.ts';

// live captions: many sessions on one worker thread
export { LiveCaptioner } from './node/live/LiveCaptioner.ts';
export type { LiveCaptionerEvent, LiveCaptionerOptions, LiveSessionOptions, LiveSessionStats } from './node/live/LiveCaptioner.ts';

// model packages: layout detection, generated model.json, probe decode
export { prepareModelPackage } from './node/package/prepareModelPackage.ts';
export type { PrepareModelPackageOptions } from './node/package/prepareModelPackage.ts';
export type { ModelLayout, ModelPackageLineage, PreparedModelPackage } from './node/package/PreparedModelPackage.ts';
export { probeModelBundle } from './node/package/probeModelBundle.ts';
export type { ModelProbe } from './node/package/probeModelBundle.ts';
export { readOnnxMetadata } from './node/package/readOnnxMetadata.ts';
export type { OnnxMetadata, OnnxValueInfo } from './node/package/readOnnxMetadata.ts';

// audio files
export { openAudio } from './node/audio/openAudio.ts';
export type { OpenAudioOptions } from './node/audio/openAudio.ts';
export { probeAudio } from './node/audio/probeAudio.ts';
export type { AudioProbe } from './node/audio/probeAudio.ts';
export { decodeAudioFile } from './node/audio/decodeAudioFile.ts';
export { ffmpegAvailable } from './node/audio/ffmpegAvailable.ts';

// the model store: installed models, content-addressed and immutable, shared by the CLI and the server
export { ModelStore } from './node/store/ModelStore.ts';
export type { InstallModelOptions, ModelStoreOptions } from './node/store/ModelStore.ts';
export { ModelStoreError } from './node/store/ModelStoreError.ts';
export type { ModelStoreErrorCode } from './node/store/ModelStoreError.ts';
export type { InstalledModel, InstalledModelLayout, ModelInstallProgress, ModelLineage } from './node/store/InstalledModel.ts';
