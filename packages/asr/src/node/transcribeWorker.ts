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
import { loadPunctuator } from './loadPunctuator.ts';
import type { Punctuator } from '../punctuate/Punctuator.ts';
import type { Word } from '../words/Word.ts';
import { segmentWords, type Segment } from '@verbatim/core';
import { SpeakerCollector } from '../diarize/SpeakerCollector.ts';
import { serializeError } from './workerErrors.ts';
import type { FromWorker, ToWorker, TranscriptionNotes, WorkerInit, WorkerJobOptions } from './workerProtocol.ts';

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
// the bundle's punctuation model, loaded on the first job that wants it; a failure is remembered as the reason
let punctuator: Promise<Punctuator | string | undefined> | undefined;

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
  const p = await punctuator?.catch(() => undefined);
  if (typeof p === 'object') await p.dispose();
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
      const speakers = options.speakers ?? 'auto';
      const collector = speakers === 'off' ? undefined : new SpeakerCollector(bundle.sampleRate);
      let speakersMs = 0;
      const result = await transcribeStream(collector === undefined ? audio.blocks() : feeding(audio.blocks(), collector, (ms) => (speakersMs += ms)), bundle, model, {
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
      const { words, notes } = await punctuate(result.words, options, signal);
      let segments: Segment[] | undefined;
      if (collector === undefined || speakers === 'off') {
        notes.speakers = 'off';
      } else {
        const t0 = performance.now();
        const assigned = collector.assign(segmentWords(words), speakers);
        segments = assigned.segments;
        Object.assign(notes, { speakers: 'applied', speakerCount: assigned.speakers, speakersMs: Math.round(speakersMs + performance.now() - t0) }, assigned.note === undefined ? {} : { speakersNote: assigned.note });
      }
      const unpunctuated = notes.punctuation === 'applied' ? result.words : undefined;
      post({ type: 'result', id, words, ...(unpunctuated === undefined ? {} : { unpunctuated }), ...(segments === undefined ? {} : { segments }), duration: result.duration, timings: result.timings, lm: mode, notes });
    } finally {
      await audio.dispose();
    }
  } catch (error) {
    post({ type: 'error', id, error: serializeError(signal.aborted ? signal.reason : error) });
  }
}

// every block of audio also goes to the speaker features, as transcription streams it
async function* feeding(blocks: AsyncIterable<Float32Array>, collector: SpeakerCollector, spent: (ms: number) => void): AsyncIterable<Float32Array> {
  for await (const block of blocks) {
    const t0 = performance.now();
    collector.push(block);
    spent(performance.now() - t0);
    yield block;
  }
}

// Punctuation and capitals, on by default when the bundle has the model: one batched pass over the whole job's words.
// The vocabulary's written forms are never recased.
async function punctuate(words: Word[], options: WorkerJobOptions, signal: AbortSignal): Promise<{ words: Word[]; notes: TranscriptionNotes }> {
  if (options.punctuate === false) return { words, notes: { punctuation: 'off', punctuationMs: 0 } };
  if (bundle.punctuation === undefined) {
    return { words, notes: { punctuation: 'unavailable', punctuationNote: `the model ${bundle.id} ${bundle.version} has no punctuation model`, punctuationMs: 0 } };
  }
  const loaded = await (punctuator ??= loadPunctuator(bundle, { intraOpNumThreads: init.threads }).catch((error: unknown) => `the punctuation model could not be loaded: ${(error as Error).message}`));
  signal.throwIfAborted();
  if (typeof loaded !== 'object') return { words, notes: { punctuation: 'unavailable', punctuationNote: loaded ?? 'no punctuation model', punctuationMs: 0 } };
  const t0 = performance.now();
  const keepForms = new Set((options.vocabulary ?? []).flatMap((e) => (e.displayAs === undefined ? [] : [e.displayAs])));
  const written = await loaded.punctuate(words, { keepForms });
  return { words: written, notes: { punctuation: 'applied', punctuationMs: Math.round(performance.now() - t0) } };
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
