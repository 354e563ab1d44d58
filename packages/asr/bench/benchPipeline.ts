import { alternate, ratioSpread, type Spread, spreadOf } from '../../../tests/bench/alternatingRuns.ts';
import type { ModelBundle } from '../src/bundle/ModelBundle.ts';
import type { LogProbs } from '../src/decode/types.ts';
import { computeFeatures } from '../src/frontend/computeFeatures.ts';
import type { AcousticModel } from '../src/model/AcousticModel.ts';
import type { InferenceSessionHandle, InferenceTensor } from '../src/model/InferenceRuntime.ts';
import { logSoftmaxRows } from '../src/model/logSoftmaxRows.ts';
import { decodeAudioFile } from '../src/node/audio/decodeAudioFile.ts';
import { openAudio } from '../src/node/audio/openAudio.ts';
import { onnxRuntimeNode } from '../src/node/onnxRuntimeNode.ts';
import { LogProbStitcher } from '../src/transcribe/LogProbStitcher.ts';
import type { TranscribeResult } from '../src/transcribe/TranscribeOptions.ts';
import { transcribeStream } from '../src/transcribe/transcribeStream.ts';
import { greedyText, wordsText } from './greedyText.ts';
import { OVERLAP_SECONDS, type PipelineWindow, pipelineWindows, WINDOW_SECONDS } from './pipelineWindows.ts';

/** Full pipeline against bare `session.run`: min / median / max over `runs` runs of each, in alternating order. */
export interface PipelineFigures {
  audioSeconds: number;
  windows: number;
  runs: number;
  /** Open + decode the file, features, model, stitching, greedy search and words, ms. */
  pipelineMs: Spread;
  /** `session.run` alone on the same windows' precomputed inputs, ms. */
  bareMs: Spread;
  /** pipeline / bare of each run (target <= 1.15). */
  ratio: Spread;
  /** Fastest pipeline run / fastest bare run: other processes only ever add time, so each arm's minimum is its
   * least disturbed measurement. */
  minRatio: number;
  /** CPU time of the whole process (every thread: ONNX runtime, main, GC) over each arm, ms: what other processes on a
   * busy machine inflate far less than wall time. */
  pipelineCpuMs: Spread;
  bareCpuMs: Spread;
  /** pipeline / bare CPU time of each run. */
  cpuRatio: Spread;
  /** Where the median pipeline run spent its time, ms. */
  split: { decodeMs: number; featuresMs: number; modelMs: number; wordsMs: number; otherMs: number };
  /** The order the two ran in, per run. */
  orders: string[][];
  /** The bare runs' outputs, stitched and decoded greedily, give the pipeline's words (so the windows were the same). */
  sameWords: boolean;
  words: number;
}

/** What later benchmarks reuse: the audio, its windows and the model's output on each. */
export interface PipelineArtifacts {
  samples: Float32Array;
  windows: PipelineWindow[];
  /** The model's log-probs for each whole window (overlap included). */
  windowLogProbs: LogProbs[];
  /** The recording's log-probs as the pipeline stitches them. */
  logProbs: LogProbs;
}

/**
 * Times the whole pipeline on `file` (greedy decoding) against bare `session.run` calls on the same session, fed
 * the very windows the pipeline runs (inputs computed before the clock starts). The order alternates from run to run
 * (pipeline first, then bare first …) so that load from other processes and warm caches favour neither.
 */
export async function benchPipeline(
  file: string,
  bundle: ModelBundle,
  model: AcousticModel,
  session: InferenceSessionHandle,
  runs: number,
): Promise<{ figures: PipelineFigures; artifacts: PipelineArtifacts }> {
  const samples = await decodeAudioFile(file, { sampleRate: bundle.sampleRate });
  const { windows, frameSamples } = pipelineWindows(samples.length, bundle.sampleRate, bundle.output.frameShiftSeconds);
  const feeds = windows.map((w) => modelFeeds(samples.subarray(w.start, w.end), bundle));

  // warm-up: the first run of a session and the front end's first call are slower than the rest
  await session.run(feeds[0]!);
  if (bundle.input.kind === 'features') computeFeatures(samples.subarray(0, Math.min(samples.length, bundle.sampleRate)), bundle.input.frontEnd);

  let outputs: Record<string, InferenceTensor>[] = [];
  const { results, orders } = await alternate(runs, {
    pipeline: async () => {
      const cpu0 = process.cpuUsage();
      const run = await runPipeline(file, bundle, model);
      return { ...run, cpuMs: cpuMsSince(cpu0) };
    },
    bare: async () => {
      const kept: Record<string, InferenceTensor>[] = [];
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (const feed of feeds) kept.push(await session.run(feed));
      const ms = performance.now() - t0;
      outputs = kept;
      return { ms, cpuMs: cpuMsSince(cpu0) };
    },
  });
  const pipelineRunsMs = results.pipeline.map((r) => r.ms);
  const bareRunsMs = results.bare.map((r) => r.ms);

  const windowLogProbs = outputs.map((out) => logProbsOf(out, bundle));
  const stitcher = new LogProbStitcher(bundle.tokens.length, bundle.blankId);
  windows.forEach((w, i) => {
    stitcher.add(windowLogProbs[i]!, w.start / frameSamples, w.coreStart / frameSamples, w.coreEnd / frameSamples);
  });
  const logProbs = stitcher.result();

  const mid = [...results.pipeline].sort((a, b) => a.ms - b.ms)[Math.floor((runs - 1) / 2)]!;
  const t = mid.result.timings;
  const decodeMs = mid.openMs + t.readMs;
  const text = wordsText(mid.result.words);
  return {
    figures: {
      audioSeconds: samples.length / bundle.sampleRate,
      windows: windows.length,
      runs,
      pipelineMs: spreadOf(pipelineRunsMs),
      bareMs: spreadOf(bareRunsMs),
      ratio: ratioSpread(pipelineRunsMs, bareRunsMs),
      minRatio: Math.min(...pipelineRunsMs) / Math.min(...bareRunsMs),
      pipelineCpuMs: spreadOf(results.pipeline.map((r) => r.cpuMs)),
      bareCpuMs: spreadOf(results.bare.map((r) => r.cpuMs)),
      cpuRatio: ratioSpread(results.pipeline.map((r) => r.cpuMs), results.bare.map((r) => r.cpuMs)),
      split: {
        decodeMs,
        featuresMs: t.featuresMs,
        modelMs: t.modelMs,
        wordsMs: t.decodeMs,
        otherMs: mid.ms - decodeMs - t.featuresMs - t.modelMs - t.decodeMs,
      },
      orders,
      sameWords: greedyText(logProbs, bundle) === text,
      words: mid.result.words.length,
    },
    artifacts: { samples, windows, windowLogProbs, logProbs },
  };
}

// user + system CPU time of every thread of this process since `start`, ms
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** One whole-pipeline run on `file` (open and decode it, front end, windows, model, stitching, greedy words). */
export async function runPipeline(file: string, bundle: ModelBundle, model: AcousticModel): Promise<{ ms: number; result: TranscribeResult; openMs: number }> {
  const t0 = performance.now();
  const audio = await openAudio(file, { sampleRate: bundle.sampleRate });
  const openMs = performance.now() - t0;
  try {
    const result = await transcribeStream(audio.blocks(), bundle, model, {
      decoder: 'greedy',
      windowSeconds: WINDOW_SECONDS,
      overlapSeconds: OVERLAP_SECONDS,
      ...(audio.durationSeconds === undefined ? {} : { durationSeconds: audio.durationSeconds }),
    });
    return { ms: performance.now() - t0, result, openMs };
  } finally {
    await audio.dispose();
  }
}

/** The tensors AcousticModel.run would build for this window, built ahead so the baseline times session.run alone. */
export function modelFeeds(window: Float32Array, bundle: ModelBundle): Record<string, InferenceTensor> {
  const spec = bundle.input;
  const feeds: Record<string, InferenceTensor> = {};
  let length: number;
  if (spec.kind === 'features') {
    const { data, frames, bins } = computeFeatures(window, spec.frontEnd);
    length = frames;
    feeds[spec.name] = spec.layout === 'batch,features,time'
      ? onnxRuntimeNode.float32(transpose(data, frames, bins), [1, bins, frames])
      : onnxRuntimeNode.float32(data, [1, frames, bins]);
  } else {
    length = window.length;
    feeds[spec.name] = onnxRuntimeNode.float32(spec.normalize === 'zero-mean-unit-var' ? standardise(window, spec.normalizeEps) : window.slice(), [1, length]);
  }
  if (spec.lengthName) feeds[spec.lengthName] = onnxRuntimeNode.int64(BigInt64Array.of(BigInt(length)), [1]);
  return feeds;
}

function logProbsOf(out: Record<string, InferenceTensor>, bundle: ModelBundle): LogProbs {
  const { output } = bundle;
  const vocab = bundle.tokens.length;
  const tensor = out[output.name]!;
  let frames = tensor.dims[1]!;
  const lengths = output.lengthName ? out[output.lengthName] : undefined;
  if (lengths?.data instanceof BigInt64Array && lengths.data.length > 0) frames = Math.min(frames, Number(lengths.data[0]));
  const data = (tensor.data as Float32Array).slice(0, frames * vocab);
  if (output.kind === 'ctc-logits') logSoftmaxRows(data, frames, vocab);
  return { data, frames, vocab };
}

function transpose(data: Float32Array, frames: number, bins: number): Float32Array {
  const out = new Float32Array(frames * bins);
  for (let t = 0; t < frames; t++) for (let b = 0; b < bins; b++) out[b * frames + t] = data[t * bins + b]!;
  return out;
}

function standardise(x: Float32Array, eps: number): Float32Array {
  let sum = 0;
  for (const v of x) sum += v;
  const mean = sum / x.length;
  let sq = 0;
  for (const v of x) sq += (v - mean) ** 2;
  const scale = 1 / Math.sqrt(sq / x.length + eps);
  return x.map((v) => (v - mean) * scale);
}
