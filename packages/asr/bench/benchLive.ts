// Live captions (issue 16): streams a recording through LiveRecognizer in 100 ms chunks with a decode every
// `cadenceMs` of audio, as the Node host does, and measures in audio time (independent of this machine's speed):
// final-caption WER against the offline greedy WER of the same audio, partial and final latency per word, the
// decoding time per second of audio, and the captions' lengths. Standalone:
// `node bench/benchLive.ts [--seconds 120] [--cadence 200] [--lm base|off] [--json] [--options '{"maxHoldMs":800}']
// [--sessions N]` from packages/asr; --lm base (the default when the bundle has a word LM) decodes with it as the
// live worker does, off as before it did; --sessions also streams N sessions at once through one LiveCaptioner
// worker, flat out (with the LM whenever the bundle has one, as the worker decodes).
import { wordErrorRate } from '@verbatim/core';
import type { CaptionJson, CaptionWordJson } from '@verbatim/core/api';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ModelBundle } from '../src/bundle/ModelBundle.ts';
import { LiveRecognizer, type LiveRecognizerOptions } from '../src/live/LiveRecognizer.ts';
import type { AcousticModel } from '../src/model/AcousticModel.ts';
import { LiveCaptioner } from '../src/node/live/LiveCaptioner.ts';
import { loadAcousticModel } from '../src/node/loadAcousticModel.ts';
import { loadLanguageModel } from '../src/node/loadLanguageModel.ts';
import { loadModelBundle } from '../src/node/loadModelBundle.ts';
import { prepareDecoding } from '../src/transcribe/prepareDecoding.ts';
import { transcribeSamples } from '../src/transcribe/transcribeSamples.ts';
import { readWav16 } from '../test/testFixtures.ts';
import { synthesizeSpeech } from './synthesizeSpeech.ts';

/** What {@link benchLive} measured over one recording. */
export interface LiveFigures {
  audioSeconds: number;
  cadenceMs: number;
  offlineGreedyWer: number;
  finalWer: number;
  /** finalWer / offlineGreedyWer (target <= 1.15). */
  werRatio: number;
  /** Audio time from a word's end to its first appearance (partial or final) with the same text near the same time. */
  partialLatencyMs: { p50: number; p95: number };
  /** Audio time from a word's end to the decode that made it final. */
  finalLatencyMs: { p50: number; p95: number };
  /** Process CPU time (user + system, all threads) per second of audio while streaming, one ONNX thread. */
  cpuMsPerAudioSecond: number;
  /** The recogniser's own decoding time (wall clock around front end, model and search) per second of audio. */
  decodeMsPerAudioSecond: number;
  finals: number;
  wordsPerFinal: { p50: number; max: number };
}

/** Streams `samples` through a fresh recogniser and measures it against the offline greedy transcript and `reference`. */
export async function benchLive(
  bundle: ModelBundle,
  model: AcousticModel,
  samples: Float32Array,
  reference: string,
  cadenceMs = 200,
  options: LiveRecognizerOptions = {},
): Promise<LiveFigures> {
  const rate = bundle.sampleRate;
  const offline = await transcribeSamples(samples, bundle, model, { decoder: 'greedy' });
  const live = new LiveRecognizer(bundle, model, options);
  const chunk = Math.round(rate / 10);
  const cadence = Math.round((cadenceMs / 1000) * rate);
  const finals: CaptionJson[] = [];
  const firstSeen: { word: CaptionWordJson; atMs: number }[] = [];
  const finalAt = new Map<CaptionWordJson, number>();
  const see = (words: readonly CaptionWordJson[], atMs: number) => {
    for (const w of words) {
      if (!firstSeen.some((s) => s.word.text === w.text && Math.abs(mid(s.word) - mid(w)) <= 250)) firstSeen.push({ word: w, atMs });
    }
  };
  let sinceStep = 0;
  const cpu0 = process.cpuUsage();
  for (let at = 0; at < samples.length; at += chunk) {
    live.push(samples.subarray(at, Math.min(samples.length, at + chunk)));
    sinceStep += Math.min(chunk, samples.length - at);
    if (sinceStep < cadence) continue;
    sinceStep = 0;
    const r = await live.step();
    const atMs = (live.decodedSamples / rate) * 1000;
    if (r.partial) see(r.partial.words, atMs);
    for (const f of r.finals) {
      see(f.words, atMs);
      for (const w of f.words) finalAt.set(w, atMs);
    }
    finals.push(...r.finals);
  }
  const last = await live.flush();
  const cpu = process.cpuUsage(cpu0);
  const endMs = (live.decodedSamples / rate) * 1000;
  for (const f of last) for (const w of f.words) finalAt.set(w, endMs);
  finals.push(...last);

  const finalText = finals.map((f) => f.text).filter(Boolean).join(' ');
  const offlineText = offline.words.map((w) => w.text).join(' ');
  const finalWer = wordErrorRate([reference], [finalText]).rate;
  const offlineGreedyWer = wordErrorRate([reference], [offlineText]).rate;
  const partial: number[] = [];
  const final: number[] = [];
  for (const [w, at] of finalAt) {
    // words only made final by the flush at the end of the input have no meaningful latency
    if (at === endMs) continue;
    final.push(at - w.endMs);
    const seen = firstSeen.find((s) => s.word.text === w.text && Math.abs(mid(s.word) - mid(w)) <= 250);
    if (seen) partial.push(Math.max(0, seen.atMs - w.endMs));
  }
  const audioSeconds = samples.length / rate;
  const sizes = finals.map((f) => f.words.length);
  return {
    audioSeconds,
    cadenceMs,
    offlineGreedyWer,
    finalWer,
    werRatio: finalWer / offlineGreedyWer,
    partialLatencyMs: { p50: percentile(partial, 0.5), p95: percentile(partial, 0.95) },
    finalLatencyMs: { p50: percentile(final, 0.5), p95: percentile(final, 0.95) },
    cpuMsPerAudioSecond: (cpu.user + cpu.system) / 1000 / audioSeconds,
    decodeMsPerAudioSecond: live.busyMs / audioSeconds,
    finals: finals.length,
    wordsPerFinal: { p50: percentile(sizes, 0.5), max: Math.max(0, ...sizes) },
  };
}

/** How many sessions one LiveCaptioner worker decodes at once, flat out. */
export interface CaptionerThroughput {
  sessions: number;
  audioSecondsEach: number;
  wallSeconds: number;
  /** Seconds of audio decoded per wall second, all sessions together: the real-time sessions one worker could carry. */
  realTimeSessions: number;
  /** Process CPU (all threads) per second of audio. */
  cpuMsPerAudioSecond: number;
}

/**
 * Streams `samples` into `sessions` sessions of one {@link LiveCaptioner} at once, each sending the next `cadenceMs`
 * of audio as soon as the previous was decoded (so the worker never waits), and measures how much audio it decodes
 * per second: the number of real-time sessions it could keep up with.
 */
export async function benchCaptionerThroughput(bundleDir: string, samples: Float32Array, sessions: number, cadenceMs = 200): Promise<CaptionerThroughput> {
  const captioner = await LiveCaptioner.open({ bundleDir });
  try {
    const rate = captioner.sampleRate;
    const pcm = Int16Array.from(samples, (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32768))));
    const step = Math.round((cadenceMs / 1000) * rate);
    const one = async (id: string) => {
      captioner.startSession(id, { cadenceMs });
      let waiter: { at: number; resolve: () => void } | undefined;
      captioner.on(id, (e) => {
        if (e.type === 'decoded' && waiter && e.decodedSamples >= waiter.at) {
          waiter.resolve();
          waiter = undefined;
        }
      });
      for (let at = 0; at < pcm.length; at += step) {
        const end = Math.min(pcm.length, at + step);
        captioner.push(id, pcm.subarray(at, end));
        if (end - at === step) await new Promise<void>((resolve) => (waiter = { at: end, resolve }));
      }
      await captioner.end(id);
      captioner.close(id);
    };
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: sessions }, (_, i) => one(`s${i}`)));
    const wallSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const audioSecondsEach = samples.length / rate;
    return {
      sessions,
      audioSecondsEach,
      wallSeconds,
      realTimeSessions: (sessions * audioSecondsEach) / wallSeconds,
      cpuMsPerAudioSecond: (cpu.user + cpu.system) / 1000 / (sessions * audioSecondsEach),
    };
  } finally {
    await captioner.dispose();
  }
}

function mid(w: CaptionWordJson): number {
  return (w.startMs + w.endMs) / 2;
}

function percentile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { seconds: { type: 'string', default: '120' }, cadence: { type: 'string', default: '200' }, lm: { type: 'string' }, json: { type: 'boolean', default: false }, options: { type: 'string' }, sessions: { type: 'string' } },
  });
  const bundleDir = resolve(process.env['VERBATIM_BUNDLE'] ?? join(import.meta.dirname, '../../../models/verbatim-en-char-v1'));
  const bundle = await loadModelBundle(bundleDir);
  const model = await loadAcousticModel(bundle, { intraOpNumThreads: 1 });
  const speech = await synthesizeSpeech(Number(values.seconds), (line) => console.error(line));
  const { samples } = readWav16(speech.file);
  const reference = speech.utterances.map((u) => u.text).join(' ');
  const lm = values.lm ?? (bundle.lm ? 'base' : 'off');
  if (lm !== 'base' && lm !== 'off') throw new Error(`--lm must be base or off, got ${lm}`);
  const options: LiveRecognizerOptions = values.options ? (JSON.parse(values.options) as LiveRecognizerOptions) : {};
  if (lm === 'base') {
    // what the live worker decodes with when a session has no vocabulary or domain text
    const decoding = prepareDecoding(bundle, { lm: 'base', baseLm: (await loadLanguageModel(bundle))! });
    options.decoding = { vocabulary: decoding.vocabulary, languageModel: decoding.languageModel };
  }
  const figures = await benchLive(bundle, model, samples, reference, Number(values.cadence), options);
  console.log(values.json ? JSON.stringify({ lm, ...figures }) : { lm, ...figures });
  await model.dispose();
  if (values.sessions) {
    const throughput = await benchCaptionerThroughput(bundleDir, samples, Number(values.sessions), Number(values.cadence));
    console.log(values.json ? JSON.stringify(throughput) : throughput);
  }
}
