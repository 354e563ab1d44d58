// Worker-thread entry of LiveCaptioner: loads the bundle and ONE ONNX session, hosts many live sessions, and decodes
// them one at a time as their audio arrives. Runs as .ts from source and as dist/node/live/*.js built.
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { ModelBundle } from '../../bundle/ModelBundle.ts';
import { LiveRecognizer } from '../../live/LiveRecognizer.ts';
import type { AcousticModel } from '../../model/AcousticModel.ts';
import type { WordLanguageModel } from '../../lm/WordLanguageModel.ts';
import { type Decoding, prepareDecoding } from '../../transcribe/prepareDecoding.ts';
import { loadAcousticModel } from '../loadAcousticModel.ts';
import { loadLanguageModel } from '../loadLanguageModel.ts';
import { loadModelBundle } from '../loadModelBundle.ts';
import { serializeError } from '../workerErrors.ts';
import type { FromLiveWorker, LiveWorkerInit, LiveWorkerSession, ToLiveWorker } from './liveProtocol.ts';

const port = parentPort;
if (!port) throw new Error('liveWorker.ts runs as a worker thread (LiveCaptioner starts it)');
const post = (message: FromLiveWorker) => port.postMessage(message);

// a session this far behind its audio (undecoded audio when its turn comes) is told so, at most every BEHIND_EVERY_MS
const BEHIND_MS = 2000;
const BEHIND_EVERY_MS = 30_000;

interface Session {
  id: string;
  recognizer: LiveRecognizer;
  cadence: number;
  /** Received samples when the last decode started. */
  lastStep: number;
  ending: boolean;
  /** Decodes that covered more than one cadence of new audio (the host was behind). */
  coalesced: number;
  behindWarnedAt: number;
}

const init = workerData as LiveWorkerInit;
let bundle: ModelBundle;
let model: AcousticModel | undefined;
// the bundle's word LM, loaded with the model (sessions decode with it unless they ask for lm "off")
let baseLm: WordLanguageModel | undefined;
try {
  bundle = await loadModelBundle(init.bundleDir);
  model = await loadAcousticModel(bundle, { intraOpNumThreads: init.threads });
  if (bundle.lm !== undefined) {
    baseLm = await loadLanguageModel(bundle);
    // spells the LM's words into the decoder's prefix lexicon now, while nothing is being captioned: every session's
    // decoding reuses it, so a session that starts later does not hold up the others' captions for it
    prepareDecoding(bundle, { lm: 'base', baseLm });
  }
  post({ type: 'ready', model: { id: bundle.id, version: bundle.version, sha256: bundle.modelHash } });
} catch (error) {
  post({ type: 'init-error', error: serializeError(error) });
  port.close();
}

const sessions = new Map<string, Session>();
// round-robin order: a session goes to the back after its decode
const order: string[] = [];
let busy: Promise<void> | undefined;
let shuttingDown = false;

port.on('message', (message: ToLiveWorker) => {
  switch (message.type) {
    case 'start':
      start(message.id, message.session);
      break;
    case 'push': {
      const s = sessions.get(message.id);
      if (!s || s.ending) return;
      const pcm = message.pcm;
      const samples = new Float32Array(pcm.length);
      for (let i = 0; i < pcm.length; i++) samples[i] = pcm[i]! / 32768;
      s.recognizer.push(samples);
      break;
    }
    case 'end': {
      const s = sessions.get(message.id);
      if (s) s.ending = true;
      break;
    }
    case 'close':
      forget(message.id);
      return;
    case 'shutdown':
      void shutdown();
      return;
  }
  pump();
});

// the decodings of recent sessions, by LM mode, vocabulary and domain text: adapting the LM to a domain (estimating
// a small model of its text) is the costly part of a start, and the sessions of one project (or one session
// restarted) share theirs
const DECODING_CACHE = 4;
const decodings = new Map<string, Decoding>();

function decodingFor(options: LiveWorkerSession): Decoding {
  const key = createHash('sha256').update(JSON.stringify([options.lm, options.vocabulary, options.domainText])).digest('hex');
  let decoding = decodings.get(key);
  if (decoding === undefined) {
    decoding = prepareDecoding(bundle, {
      lm: options.lm,
      ...(baseLm === undefined ? {} : { baseLm }),
      ...(options.vocabulary.length ? { vocabulary: options.vocabulary } : {}),
      ...(options.domainText.length ? { domainText: options.domainText } : {}),
    });
    if (decodings.size >= DECODING_CACHE) decodings.delete(decodings.keys().next().value!);
    decodings.set(key, decoding);
  }
  return decoding;
}

function start(id: string, options: LiveWorkerSession): void {
  if (!model || sessions.has(id)) return;
  try {
    const decoding = decodingFor(options);
    const recognizer = new LiveRecognizer(bundle, model, {
      decoding: { vocabulary: decoding.vocabulary, languageModel: decoding.languageModel },
      startSample: options.startSample,
      startSeq: options.startSeq,
    });
    const cadence = Math.max(1, Math.round((options.cadenceMs / 1000) * bundle.sampleRate));
    sessions.set(id, { id, recognizer, cadence, lastStep: options.startSample, ending: false, coalesced: 0, behindWarnedAt: -Infinity });
    order.push(id);
  } catch (error) {
    post({ type: 'failed', id, error: serializeError(error) });
  }
}

function due(s: Session): boolean {
  const r = s.recognizer;
  if (s.ending) return true;
  // a backlog (longer than one window) is decoded window after window without waiting for more audio
  return r.receivedSamples - s.lastStep >= s.cadence || r.decodedSamples < s.lastStep;
}

function forget(id: string): void {
  sessions.delete(id);
  const i = order.indexOf(id);
  if (i >= 0) order.splice(i, 1);
}

// one decode at a time: the ONNX session is shared, and queued work never piles up (a session that fell behind
// gets one decode over all its new audio: its skipped partial updates are coalesced)
function pump(): void {
  if (busy || shuttingDown) return;
  const i = order.findIndex((id) => due(sessions.get(id)!));
  if (i < 0) return;
  const [id] = order.splice(i, 1);
  order.push(id!);
  const s = sessions.get(id!)!;
  busy = decode(s).finally(() => {
    busy = undefined;
    // let queued pushes in before the next decode
    setImmediate(pump);
  });
}

async function decode(s: Session): Promise<void> {
  const r = s.recognizer;
  const rate = bundle.sampleRate;
  const received = r.receivedSamples;
  const waiting = r.pendingSamples;
  if (received - s.lastStep > 1.5 * s.cadence) s.coalesced++;
  s.lastStep = received;
  try {
    if (s.ending) {
      const finals = await r.flush();
      if (sessions.get(s.id) !== s) return;
      for (const caption of finals) post({ type: 'caption', id: s.id, caption });
      post({ type: 'decoded', id: s.id, decodedSamples: r.decodedSamples, cpuMs: r.busyMs });
      post({ type: 'ended', id: s.id, finals });
      forget(s.id);
      return;
    }
    const result = await r.step();
    if (sessions.get(s.id) !== s) return; // closed meanwhile
    for (const caption of result.finals) post({ type: 'caption', id: s.id, caption });
    if (result.partial) post({ type: 'caption', id: s.id, caption: result.partial });
    for (const warning of result.warnings) post({ type: 'warning', id: s.id, warning });
    const waitingMs = (waiting / rate) * 1000;
    const atMs = (received / rate) * 1000;
    if (waitingMs >= BEHIND_MS && atMs - s.behindWarnedAt >= BEHIND_EVERY_MS) {
      s.behindWarnedAt = atMs;
      post({
        type: 'warning',
        id: s.id,
        warning: { code: 'behind-real-time', message: `Captions are ${(waitingMs / 1000).toFixed(1)} s behind the audio: the recogniser is overloaded (${s.coalesced} updates merged so far).` },
      });
    }
    post({ type: 'decoded', id: s.id, decodedSamples: r.decodedSamples, cpuMs: r.busyMs });
  } catch (error) {
    if (sessions.get(s.id) !== s) return;
    forget(s.id);
    post({ type: 'failed', id: s.id, error: serializeError(error) });
  }
}

async function shutdown(): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  sessions.clear();
  order.length = 0;
  // a model run in flight finishes before the session is released
  await busy;
  await model?.dispose();
  port!.close();
}
