// Worker-thread entry of TranscriberPool: loads the bundle and one ONNX session once, then transcribes files one job
// at a time as the pool asks, posting progress and the result. Runs as .ts from source and as dist/node/*.js built.
import { parentPort, workerData } from 'node:worker_threads';
import type { ModelBundle } from '../bundle/ModelBundle.ts';
import type { AcousticModel } from '../model/AcousticModel.ts';
import { createHash } from 'node:crypto';
import type { NgramModel } from '../lm/NgramModel.ts';
import { type Decoding, prepareDecoding } from '../transcribe/prepareDecoding.ts';
import { transcribeStream } from '../transcribe/transcribeStream.ts';
import { openAudio } from './audio/openAudio.ts';
import { loadAcousticModel } from './loadAcousticModel.ts';
import { loadLanguageModel } from './loadLanguageModel.ts';
import { loadModelBundle } from './loadModelBundle.ts';
import { serializeError } from './workerErrors.ts';
import type { FromWorker, ToWorker, WorkerInit, WorkerJobOptions } from './workerProtocol.ts';

const port = parentPort;
if (!port) throw new Error('transcribeWorker.ts runs as a worker thread (TranscriberPool starts it)');
const post = (message: FromWorker) => port.postMessage(message);

const init = workerData as WorkerInit;
let bundle: ModelBundle;
let model: AcousticModel | undefined;
try {
  bundle = await loadModelBundle(init.bundleDir);
  model = await loadAcousticModel(bundle, { intraOpNumThreads: init.threads });
  post({ type: 'ready', model: { id: bundle.id, version: bundle.version, sha256: bundle.modelHash } });
} catch (error) {
  post({ type: 'init-error', error: serializeError(error) });
  port.close();
}

const running = new Map<number, { controller: AbortController; done: Promise<void> }>();
let closing = false;
// projects send the same vocabulary and domain text job after job; preparing them once per worker is enough
const decodings = new Map<string, Decoding>();
const DECODING_CACHE = 4;
// the bundle's LM, read on the first job that uses it
let baseLm: Promise<NgramModel | undefined> | undefined;

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'cancel':
      running.get(message.id)?.controller.abort(cancelled());
      return;
    case 'close':
      void close();
      return;
    case 'transcribe': {
      if (closing || !model) return;
      const controller = new AbortController();
      const done = run(message.id, message.path, message.options, model, controller.signal);
      running.set(message.id, { controller, done });
      void done.finally(() => running.delete(message.id));
    }
  }
});

function cancelled(): DOMException {
  return new DOMException('The transcription was cancelled.', 'AbortError');
}

async function close(): Promise<void> {
  if (closing) return;
  closing = true;
  for (const job of running.values()) job.controller.abort(cancelled());
  // a model run in flight finishes before the session is released; then nothing keeps the thread alive
  await Promise.allSettled([...running.values()].map((job) => job.done));
  await model?.dispose();
  port!.close();
}

async function run(id: number, path: string, options: WorkerJobOptions, model: AcousticModel, signal: AbortSignal): Promise<void> {
  let decodedFraction: number | undefined;
  try {
    const { vocabulary, languageModel, mode } = await decodingFor(options, signal);
    const audio = await openAudio(path, {
      sampleRate: bundle.sampleRate,
      signal,
      onProgress: (p) => (decodedFraction = p.fraction),
    });
    try {
      const result = await transcribeStream(audio.blocks(), bundle, model, {
        ...(options.decoder === undefined ? {} : { decoder: options.decoder }),
        ...(options.beam === undefined ? {} : { beam: options.beam }),
        ...(options.windowSeconds === undefined ? {} : { windowSeconds: options.windowSeconds }),
        ...(options.overlapSeconds === undefined ? {} : { overlapSeconds: options.overlapSeconds }),
        ...(vocabulary === undefined ? {} : { vocabulary }),
        ...(languageModel === undefined ? {} : { languageModel }),
        ...(audio.durationSeconds === undefined ? {} : { durationSeconds: audio.durationSeconds }),
        signal,
        // without a known duration, the share of the file decoded stands in (audio and model keep pace)
        onProgress: (fraction, seconds) => post({ type: 'progress', id, fraction: fraction ?? (decodedFraction === undefined ? undefined : 0.95 * decodedFraction), seconds }),
      });
      post({ type: 'result', id, words: result.words, duration: result.duration, timings: result.timings, lm: mode });
    } finally {
      await audio.dispose();
    }
  } catch (error) {
    post({ type: 'error', id, error: serializeError(signal.aborted ? signal.reason : error) });
  }
}

async function decodingFor(options: WorkerJobOptions, signal: AbortSignal): Promise<Decoding> {
  // an explicit greedy decoder means no LM unless one was asked for (and then prepareDecoding's caller errs below)
  const mode = options.lm ?? (bundle.lm === undefined || options.decoder === 'greedy' ? 'off' : 'adapted');
  const key = createHash('sha256').update(JSON.stringify([mode, options.vocabulary ?? [], options.domainText ?? []])).digest('hex');
  let decoding = decodings.get(key);
  if (!decoding) {
    const base = mode === 'off' ? undefined : await (baseLm ??= loadLanguageModel(bundle));
    signal.throwIfAborted();
    decoding = prepareDecoding(bundle, {
      lm: mode,
      ...(base === undefined ? {} : { baseLm: base }),
      ...(options.vocabulary?.length ? { vocabulary: options.vocabulary } : {}),
      ...(options.domainText?.length ? { domainText: options.domainText } : {}),
      signal,
    });
    if (decodings.size >= DECODING_CACHE) decodings.delete(decodings.keys().next().value!);
    decodings.set(key, decoding);
  }
  return decoding;
}
