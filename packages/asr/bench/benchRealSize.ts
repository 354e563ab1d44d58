import { join } from 'node:path';
import type { Spread } from '../../../tests/bench/alternatingRuns.ts';
import { spreadOf } from '../../../tests/bench/alternatingRuns.ts';
import { loadModelBundle } from '../src/node/loadModelBundle.ts';
import { benchPipeline, type PipelineFigures } from './benchPipeline.ts';
import { loadSharedModel } from './loadSharedModel.ts';
import { runMemoryProbe } from './measurePeakMemory.ts';
import { type RandomModelInfo, randomModelPackage } from './randomModelPackage.ts';

/** Where the generated model is kept between runs (git-ignored). */
export const REAL_SIZE_CACHE = join(import.meta.dirname, '.cache');

/** One arm's memory, from a fresh child process. */
export interface ArmMemory {
  /** RSS once the model was loaded, MB. */
  loadedRssMB: number;
  /** Peak RSS of the whole process over the arm, MB. */
  peakRssMB: number;
  ms: number;
}

/** The whole pipeline against bare `session.run` on a random-weight model of real size. */
export interface RealSizeFigures {
  model: { dir: string; parameters: number; int8MB: number; fp32MB: number; subsamplingFactor: number; blankShare: number; modelJsonFrom: string; generated: boolean };
  /** The pipeline benchmark's figures (bare = A, pipeline = B), on this model. */
  pipeline: PipelineFigures;
  /** Real-time factors (wall / audio) of the two arms, per run. */
  rtf: { bare: Spread; pipeline: Spread };
  memory: { bare: ArmMemory; pipeline: ArmMemory };
}

/**
 * Generates (once) the recipe's random-weight ~110M-parameter FastConformer-CTC with int8 weights, loads it as a
 * bundle, and times (A) bare `session.run` over the pipeline's windows, features precomputed, against (B) the whole
 * pipeline on `file` — alternating, `runs` times — then each arm's peak RSS in a fresh process.
 * Resolves `{ skipped }` when the model cannot be generated here (no torch).
 */
export async function benchRealSize(
  file: string,
  threads: number,
  runs: number,
  log: (line: string) => void,
  cacheRoot = REAL_SIZE_CACHE,
): Promise<RealSizeFigures | { skipped: string }> {
  const pkg = await randomModelPackage(cacheRoot, log);
  if ('skipped' in pkg) return pkg;
  const bundle = await loadModelBundle(pkg.dir);
  const { model, session } = await loadSharedModel(bundle, threads);
  let pipeline: PipelineFigures;
  try {
    pipeline = (await benchPipeline(file, bundle, model, session, runs)).figures;
  } finally {
    await model.dispose();
  }
  const bare = await armMemory(pkg.dir, file, threads, 'bare');
  const whole = await armMemory(pkg.dir, file, threads, 'pipeline');
  const rtf = (values: number[]) => spreadOf(values.map((ms) => ms / 1000 / pipeline.audioSeconds));
  return {
    model: describeModel(pkg.dir, pkg.info, pkg.modelJsonFrom, pkg.generated),
    pipeline,
    rtf: { bare: rtf(pipeline.bareMs.values), pipeline: rtf(pipeline.pipelineMs.values) },
    memory: { bare, pipeline: whole },
  };
}

function describeModel(dir: string, info: RandomModelInfo, modelJsonFrom: string, generated: boolean): RealSizeFigures['model'] {
  return {
    dir,
    parameters: info.parameters,
    int8MB: info.int8_bytes / 1e6,
    fp32MB: info.fp32_bytes / 1e6,
    subsamplingFactor: info.subsampling_factor,
    blankShare: info.blank_share,
    modelJsonFrom,
    generated,
  };
}

function armMemory(bundleDir: string, file: string, threads: number, mode: 'bare' | 'pipeline'): Promise<ArmMemory> {
  return runMemoryProbe<ArmMemory>('realSizeMemory.ts', [bundleDir, file, String(threads), mode], `the ${mode} memory probe`);
}
