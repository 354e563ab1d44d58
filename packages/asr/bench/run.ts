// The speech runtime's benchmarks (issue 3, and the real-size model of issue 13): `node bench/run.ts [--quick]
// [--runs N] [--threads N] [--only pipeline,realSize,...]` from
// packages/asr, bundle from VERBATIM_BUNDLE or models/verbatim-en-char-v1. Prints a report and writes
// bench/results.json. Every figure is a ratio against a baseline measured in this same run, printed as
// min / median / max over --runs (>= 3) runs whose order alternates (A,B then B,A), with the machine's load beside
// each section; the issue's targets are printed beside them and never fail the process (only a benchmark that cannot
// run does).
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchBoosting } from '../src/decode/bench.ts';
import { loadModelBundle } from '../src/node/loadModelBundle.ts';
import { benchBeam } from './benchBeam.ts';
import { benchLanguageModel } from './benchLanguageModel.ts';
import { benchPipeline, type PipelineArtifacts } from './benchPipeline.ts';
import { benchPool } from './benchPool.ts';
import { benchRealSize } from './benchRealSize.ts';
import { BenchReport, formatMs } from './BenchReport.ts';
import { formatSpread, machineLoad, MIN_RUNS, type Spread, spreadOf } from '../../../tests/bench/alternatingRuns.ts';
import { benchSherpa } from './benchSherpa.ts';
import { benchVocabulary } from './benchVocabulary.ts';
import { loadSharedModel } from './loadSharedModel.ts';
import { measurePeakMemory } from './measurePeakMemory.ts';
import type { SherpaOnnxSection } from './createSherpaRecognizer.ts';
import { BENCH_SENTENCES } from './speechScript.ts';
import { seededRandom } from '../src/decode/seededRandom.ts';
import { repeatSpeech, synthesizeSpeech } from './synthesizeSpeech.ts';

const TARGETS = {
  pipelineOverhead: '<= 1.15',
  realTimeFactor: '<= 0.02',
  memoryGrowth: '~ 1 (bounded)',
  sherpaWallRatio: '<= 1.0',
  sherpaIdentical: 'all identical',
  boosting: '<= 1.5',
  languageModelCost: '<= 3',
  realSizeOverhead: '<= 1.15',
} as const;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    threads: { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});
// --only: a comma-separated subset of the sections (their keys in results.json); the others are not run
const only = args.only === undefined ? undefined : new Set(args.only.split(',').map((s) => s.trim()).filter(Boolean));
const quick = args.quick === true;
const runs = positiveInteger('--runs', args.runs);
if (runs < MIN_RUNS) {
  console.error(`--runs must be at least ${MIN_RUNS}: one or two runs give no spread`);
  process.exit(2);
}
const threads = positiveInteger('--threads', args.threads);
const audioSeconds = quick ? 60 : 600;
const longRepeats = 9; // 9 x 10 minutes = the issue's 90-minute file
const bundleDir = resolve(process.env['VERBATIM_BUNDLE'] ?? join(import.meta.dirname, '../../../models/verbatim-en-char-v1'));

const report = new BenchReport();
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  quick,
  runs,
  threads,
  targets: TARGETS,
  machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.version, loadAverageAtStart: loadavg() },
};
let failures = 0;

report.heading(`Verbatim speech runtime benchmarks${quick ? ' (--quick: 1 minute of audio, no 90-minute file)' : ''}`);
const bundle = await loadModelBundle(bundleDir);
const modelJson = JSON.parse(readFileSync(join(bundleDir, 'model.json'), 'utf8')) as { sherpaOnnx?: SherpaOnnxSection };
results['bundle'] = { dir: bundleDir, id: bundle.id, version: bundle.version, sha256: bundle.modelHash };
report.figure('bundle', `${bundle.id} ${bundle.version} (${bundleDir})`);
report.figure('machine', `${machineLoad()}, ${threads} ONNX threads, ${runs} runs per timing (min / median / max)`);
if (loadavg()[0]! > availableParallelism() / 2) {
  report.note('The machine is busy: absolute times are inflated and the spread is wide; ratios of runs made side by side still compare.');
}

const speech = await synthesizeSpeech(audioSeconds, (line) => report.note(line));
const voices = [...new Set(speech.utterances.map((u) => u.voice))];
results['audio'] = { file: speech.file, seconds: speech.seconds, utterances: speech.utterances.length, voices };
report.figure('audio', `${speech.seconds} s, ${speech.utterances.length} sentences, voices ${voices.join(', ')}`);

const { model, session } = await loadSharedModel(bundle, threads);
let artifacts: PipelineArtifacts | undefined;
try {
  await section('pipeline', '1. Pipeline overhead: full pipeline / bare session.run, same windows', async () => {
    const { figures, artifacts: a } = await benchPipeline(speech.file, bundle, model, session, runs);
    artifacts = a;
    const s = figures.split;
    report.figure('full pipeline (decode file -> words)', ms(figures.pipelineMs));
    report.figure(`bare session.run (${figures.windows} windows)`, ms(figures.bareMs));
    report.figure('ratio pipeline / bare', ratio(figures.ratio), TARGETS.pipelineOverhead);
    report.figure('ratio of the fastest runs', figures.minRatio.toFixed(3), TARGETS.pipelineOverhead);
    report.figure('ratio of CPU time (all threads)', ratio(figures.cpuRatio));
    report.figure('split: decode file', formatMs(s.decodeMs));
    report.figure('split: features', formatMs(s.featuresMs));
    report.figure('split: model (run + tensors)', formatMs(s.modelMs));
    report.figure('split: greedy search + words', formatMs(s.wordsMs));
    report.figure('split: other (windowing, stitching)', formatMs(s.otherMs));
    report.figure('bare outputs stitched give the same words', `${figures.sameWords ? 'yes' : 'NO'} (${figures.words} words)`);
    return { ...figures, target: TARGETS.pipelineOverhead };
  });

  await section('realTimeFactor', `2. Real-time factor: TranscriberPool.transcribeFile, 1 worker x ${threads} threads`, async () => {
    const figures = await benchPool(bundleDir, speech.file, speech.utterances[0]!.file, threads, runs);
    report.figure('wall time', `${formatSpread(figures.wallSeconds, (n) => `${n.toFixed(2)} s`)} for ${figures.audioSeconds.toFixed(0)} s of audio`);
    report.figure('real-time factor (wall / audio)', formatSpread(figures.rtf, (n) => n.toFixed(4)), TARGETS.realTimeFactor);
    report.figure('60 minutes of audio would take', `${(figures.rtf.median * 3600).toFixed(1)} s (median)`, '<= 72 s');
    if (quick) report.note('(--quick: measured on the 1-minute file; the target is for the 10-minute one)');
    return { ...figures, target: TARGETS.realTimeFactor };
  });

  await section('memory', '3. Peak memory (fresh child process per file, whole-process maxRSS)', async () => {
    const short = await measurePeakMemory(bundleDir, speech.file, threads);
    report.figure(`peak RSS, ${(short.audioSeconds / 60).toFixed(0)}-minute file`, `${short.peakRssMB.toFixed(0)} MB (${short.loadedRssMB.toFixed(0)} MB once loaded)`);
    if (quick) {
      report.note('(--quick: no 90-minute file; run without --quick for the growth ratio)');
      return { short };
    }
    const longFile = await repeatSpeech(speech, longRepeats);
    const long = await measurePeakMemory(bundleDir, longFile.file, threads);
    const ratio = long.peakRssMB / short.peakRssMB;
    report.figure(`peak RSS, ${(long.audioSeconds / 60).toFixed(0)}-minute file`, `${long.peakRssMB.toFixed(0)} MB (${long.loadedRssMB.toFixed(0)} MB once loaded, RTF ${(long.wallSeconds / long.audioSeconds).toFixed(4)})`);
    report.figure('ratio 90-minute / 10-minute peak', ratio.toFixed(2), TARGETS.memoryGrowth);
    return { short, long, ratio, target: TARGETS.memoryGrowth };
  });

  await section('sherpa', `4. sherpa-onnx-node side by side (same model.onnx, ${threads} threads, greedy)`, async () => {
    if (!modelJson.sherpaOnnx) {
      report.note('skipped: model.json has no sherpaOnnx section');
      return { skipped: 'model.json has no sherpaOnnx section' };
    }
    if (!artifacts) throw new Error('needs the pipeline benchmark\'s windows, which failed');
    const f = await benchSherpa({
      bundle,
      section: modelJson.sherpaOnnx,
      model,
      samples: artifacts.samples,
      windows: artifacts.windows,
      windowLogProbs: artifacts.windowLogProbs,
      utterances: speech.utterances,
      threads,
      runs,
    });
    report.figure(`recording in ${f.windows.count} windows: Verbatim`, ms(f.windows.verbatimMs));
    report.figure(`recording in ${f.windows.count} windows: sherpa-onnx`, ms(f.windows.sherpaMs));
    report.figure('wall ratio Verbatim / sherpa', ratio(f.windows.ratio), TARGETS.sherpaWallRatio);
    report.figure('identical greedy text per window', `${f.windows.identical} / ${f.windows.count}`, TARGETS.sherpaIdentical);
    report.figure(`${f.utterances.count} sentences one by one: Verbatim`, ms(f.utterances.verbatimMs));
    report.figure(`${f.utterances.count} sentences one by one: sherpa-onnx`, ms(f.utterances.sherpaMs));
    report.figure('wall ratio Verbatim / sherpa (sentences)', ratio(f.utterances.ratio), TARGETS.sherpaWallRatio);
    report.note('(each comparison ran Verbatim first in one run and sherpa-onnx first in the next)');
    report.figure('identical greedy text per sentence', `${f.utterances.identical} / ${f.utterances.count}`, TARGETS.sherpaIdentical);
    for (const d of [...f.differences.windows, ...f.differences.utterances]) {
      report.note(`differs in ${d.where}:`);
      report.note(`  verbatim: ${d.verbatim}`);
      report.note(`  sherpa:   ${d.sherpa}`);
    }
    return { ...f, targets: { wallRatio: TARGETS.sherpaWallRatio, identical: TARGETS.sherpaIdentical } };
  });

  await section('boosting', '5. Vocabulary boosting: beam search with 1,000 phrases / without', async () => {
    // benchBoosting (src/decode/bench.ts) takes the median of its own 5 plain/boosted pairs; called --runs times
    const syntheticRuns: Awaited<ReturnType<typeof benchBoosting>>[] = [];
    for (let r = 0; r < runs; r++) syntheticRuns.push(await benchBoosting());
    const synthetic = {
      plainMs: spreadOf(syntheticRuns.map((s) => s.plain)),
      boostedMs: spreadOf(syntheticRuns.map((s) => s.boosted)),
      ratio: spreadOf(syntheticRuns.map((s) => s.ratio)),
    };
    report.figure('synthetic 15,000 frames (benchBoosting)', `${formatSpread(synthetic.plainMs, formatMs)} -> ${formatSpread(synthetic.boostedMs, formatMs)} (min / median / max)`);
    report.figure('ratio boosted / plain (synthetic)', ratio(synthetic.ratio), TARGETS.boosting);
    if (!artifacts) throw new Error('needs the pipeline benchmark\'s log-probs, which failed');
    const real = await benchBeam(artifacts.logProbs, bundle, benchVocabulary(1000), runs);
    report.figure(`real model, ${real.frames} frames, beam ${real.beam}: plain`, ms(real.plainMs));
    report.figure(`real model: boosted (graph built in ${formatMs(real.graphMs)})`, ms(real.boostedMs));
    report.figure('ratio boosted / plain (real model)', ratio(real.ratio), TARGETS.boosting);
    report.figure('best path tokens, plain / boosted', `${real.plainTokens} / ${real.boostedTokens}`);
    return { synthetic, realModel: real, target: TARGETS.boosting };
  });

  await section('languageModel', '6. Word LM: whole transcription with beam search + LM / greedy, same audio and session', async () => {
    // 2,000 lines of domain-like text: the script's words reshuffled (what a plugin's domain text costs to adapt to)
    const rand = seededRandom(7);
    const words = BENCH_SENTENCES.join(' ').split(' ');
    const domain = Array.from({ length: 2000 }, () => Array.from({ length: 10 }, () => words[Math.floor(rand() * words.length)]).join(' '));
    const f = await benchLanguageModel(speech.file, bundle, model, domain, runs);
    report.figure('greedy (decode file excluded)', ms(f.greedyMs));
    report.figure(`beam ${f.beam} + LM`, ms(f.lmMs));
    report.figure('ratio beam + LM / greedy', ratio(f.ratio), TARGETS.languageModelCost);
    report.figure('real-time factor with the LM', formatSpread(f.rtf, (n) => n.toFixed(4)), TARGETS.realTimeFactor);
    report.figure('search alone: greedy -> beam + LM', `${formatSpread(f.greedySearchMs, formatMs)} -> ${formatSpread(f.lmSearchMs, formatMs)} (min / median / max)`);
    report.figure('LM load (once per worker) / prepare per job', `${formatMs(f.loadMs)} / base ${formatMs(f.prepareBaseMs)}, adapted to ${f.domainLines} lines ${formatMs(f.prepareAdaptedMs)}`);
    report.figure('prepare again, adapted: lexicon spelled afresh -> reused', `${formatSpread(f.prepareAgain.coldMs, formatMs)} -> ${formatSpread(f.prepareAgain.cachedMs, formatMs)}`);
    report.figure('ratio reused / afresh', ratio(f.prepareAgain.ratio));
    return { ...f, targets: { ratio: TARGETS.languageModelCost, rtf: TARGETS.realTimeFactor } };
  });

  await section('realSize', '7. Real-size model: random-weight ~110M FastConformer-CTC, int8 (whole pipeline / bare session.run)', async () => {
    const f = await benchRealSize(speech.file, threads, runs, (line) => report.note(line));
    if ('skipped' in f) {
      report.note(`skipped: ${f.skipped}`);
      return f;
    }
    const p = f.pipeline;
    report.figure('model', `${(f.model.parameters / 1e6).toFixed(1)}M parameters, ${f.model.int8MB.toFixed(0)} MB int8 (${f.model.fp32MB.toFixed(0)} MB fp32), ${f.model.subsamplingFactor}x subsampling`);
    report.figure('model.json from', `${f.model.modelJsonFrom}${f.model.generated ? ' (generated in this run)' : ' (cached)'}`);
    report.figure(`A: bare session.run (${p.windows} windows)`, ms(p.bareMs));
    report.figure('B: whole pipeline (decode file -> words)', ms(p.pipelineMs));
    report.figure('RTF A bare', formatSpread(f.rtf.bare, (n) => n.toFixed(4)));
    report.figure('RTF B pipeline', formatSpread(f.rtf.pipeline, (n) => n.toFixed(4)));
    report.figure('ratio B / A', ratio(p.ratio), TARGETS.realSizeOverhead);
    report.figure('ratio of the fastest runs (min B / min A)', p.minRatio.toFixed(3), TARGETS.realSizeOverhead);
    report.figure('ratio B / A of CPU time (all threads)', `${ratio(p.cpuRatio)} (CPU ${formatSpread(p.bareCpuMs, formatMs)} -> ${formatSpread(p.pipelineCpuMs, formatMs)})`);
    report.figure('split of B: decode file / features', `${formatMs(p.split.decodeMs)} / ${formatMs(p.split.featuresMs)}`);
    report.figure('split of B: model / words / other', `${formatMs(p.split.modelMs)} / ${formatMs(p.split.wordsMs)} / ${formatMs(p.split.otherMs)}`);
    report.figure('peak RSS A bare (fresh process)', `${f.memory.bare.peakRssMB.toFixed(0)} MB (${f.memory.bare.loadedRssMB.toFixed(0)} MB once loaded)`);
    report.figure('peak RSS B pipeline (fresh process)', `${f.memory.pipeline.peakRssMB.toFixed(0)} MB (${f.memory.pipeline.loadedRssMB.toFixed(0)} MB once loaded)`);
    report.figure('bare outputs stitched give the same words', `${p.sameWords ? 'yes' : 'NO'} (${p.words} words of random text)`);
    return { ...f, target: TARGETS.realSizeOverhead };
  });
} finally {
  await model.dispose();
}

(results['machine'] as Record<string, unknown>)['loadAverageAtEnd'] = loadavg();
const out = join(import.meta.dirname, 'results.json');
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
report.heading('Done');
report.note(`results written to ${out}${failures ? `; ${failures} benchmark(s) could not run` : ''}`);
if (failures) process.exitCode = 1;
const realSize = results['realSize'] as { pipeline?: { ratio: Spread; minRatio: number; cpuRatio: Spread; bareMs: Spread; pipelineMs: Spread }; rtf?: { bare: Spread; pipeline: Spread }; memory?: { bare: { peakRssMB: number }; pipeline: { peakRssMB: number } }; model?: { parameters: number } } | undefined;
if (realSize?.pipeline && realSize.rtf && realSize.memory && realSize.model) {
  // one machine-readable line for scripts and notes: the real-size figures (medians over the runs)
  console.log(`BENCH ${JSON.stringify({
    bench: 'asr-real-size',
    parameters: realSize.model.parameters,
    threads,
    audioSeconds,
    runs,
    rtfBare: realSize.rtf.bare.median,
    rtfPipeline: realSize.rtf.pipeline.median,
    rtfBareFastest: realSize.rtf.bare.min,
    rtfPipelineFastest: realSize.rtf.pipeline.min,
    ratio: realSize.pipeline.ratio.median,
    ratioRuns: realSize.pipeline.ratio.values,
    minRatio: realSize.pipeline.minRatio,
    cpuRatio: realSize.pipeline.cpuRatio.median,
    target: TARGETS.realSizeOverhead,
    peakRssBareMB: Math.round(realSize.memory.bare.peakRssMB),
    peakRssPipelineMB: Math.round(realSize.memory.pipeline.peakRssMB),
  })}`);
}

// Runs one benchmark; a failure is reported and recorded, and the others still run.
async function section(key: string, title: string, run: () => Promise<unknown>): Promise<void> {
  if (only && !only.has(key)) return;
  report.heading(title);
  report.note(`(${machineLoad()})`);
  try {
    results[key] = await run();
  } catch (error) {
    failures++;
    const message = error instanceof Error ? error.message : String(error);
    report.note(`FAILED: ${message}`);
    results[key] = { error: message };
  }
}

// min / median / max of a timing, and of a ratio
function ms(spread: Spread): string {
  return `${formatSpread(spread, formatMs)} (min / median / max)`;
}

function ratio(spread: Spread): string {
  return formatSpread(spread, (n) => n.toFixed(3));
}

function positiveInteger(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}
