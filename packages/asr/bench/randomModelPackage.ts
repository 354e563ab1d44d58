import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { sha256File } from '../src/node/sha256File.ts';
import { runCommand } from './runCommand.ts';

const RECIPE = resolve(import.meta.dirname, '../../../models/recipe');
/** The recipe files whose change makes a different model: part of the cache key. */
const RECIPE_FILES = ['random_model.py', 'model.py', 'export.py', 'quantize.py', 'frontend.py'].map((f) => join(RECIPE, 'verbatim_recipe', f));
const NAME = 'random-fastconformer-110m';

/** What `models/recipe/random_model.py` built (its random_model.json). */
export interface RandomModelInfo {
  parameters: number;
  subsampling_factor: number;
  blank_share: number;
  fp32_bytes: number;
  int8_bytes: number;
  quantized_weights: number;
  seconds: number;
  config: Record<string, unknown>;
}

/** A generated random-weight model of real size, as a sherpa-onnx package with a model.json beside it. */
export interface RandomModelPackage {
  dir: string;
  info: RandomModelInfo;
  /** Who wrote model.json: the asr package's own importer, or this bench (while the importer does not exist yet). */
  modelJsonFrom: 'prepareModelPackage' | 'hand-written';
  /** Whether this call generated it (false: found in the cache). */
  generated: boolean;
}

/**
 * The random-weight ~110M-parameter FastConformer-CTC (int8) of the recipe, generated on first use into
 * `cacheRoot/<name>-<hash of the recipe files>/` with `/usr/bin/python3` (or `$VERBATIM_PYTHON`), then described by
 * a model.json so that the runtime loads it as a bundle. Resolves `{ skipped }` when Python has no torch or onnx.
 */
export async function randomModelPackage(cacheRoot: string, log: (line: string) => void): Promise<RandomModelPackage | { skipped: string }> {
  const hash = createHash('sha256');
  for (const f of RECIPE_FILES) hash.update(readFileSync(f));
  const key = hash.digest('hex').slice(0, 12);
  const dir = join(cacheRoot, `${NAME}-${key}`);
  if (existsSync(join(dir, 'model.json'))) {
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { generatedFrom?: unknown };
    return { dir, info: await readInfo(dir), modelJsonFrom: json.generatedFrom ? 'prepareModelPackage' : 'hand-written', generated: false };
  }

  const python = process.env['VERBATIM_PYTHON'] ?? '/usr/bin/python3';
  try {
    await runCommand(python, ['-c', 'import torch, onnx']);
  } catch (error) {
    return { skipped: `${python} cannot import torch and onnx, which generate the random model (${(error as Error).message.split('\n').at(-1)})` };
  }
  await mkdir(cacheRoot, { recursive: true });
  for (const stale of readdirSync(cacheRoot).filter((d) => d.startsWith(`${NAME}-`))) await rm(join(cacheRoot, stale), { recursive: true, force: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  log(`generating ${basename(dir)} with ${python} models/recipe/random_model.py (once; about a minute) ...`);
  try {
    const out = await runCommand(python, [join(RECIPE, 'random_model.py'), '--out', tmp]);
    log(out.trim().split('\n').at(-1) ?? '');
    const { json, from } = await describe(tmp, key);
    await writeFile(join(tmp, 'model.json'), `${JSON.stringify(json, null, 1)}\n`);
    await rename(tmp, dir);
    return { dir, info: await readInfo(dir), modelJsonFrom: from, generated: true };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function readInfo(dir: string): Promise<RandomModelInfo> {
  return JSON.parse(await readFile(join(dir, 'random_model.json'), 'utf8')) as RandomModelInfo;
}

interface Prepare {
  prepareModelPackage(dir: string, options?: { id?: string; version?: string }): Promise<{ modelJson: Record<string, unknown> }>;
}

// model.json from the asr package's sherpa-onnx importer when it is there; otherwise what it generates, by hand
async function describe(dir: string, key: string): Promise<{ json: Record<string, unknown>; from: RandomModelPackage['modelJsonFrom'] }> {
  const importer = './../src/node/package/prepareModelPackage.ts';
  const prepare = await (import(importer) as Promise<Prepare>).catch(() => undefined);
  if (prepare?.prepareModelPackage) {
    const prepared = await prepare.prepareModelPackage(dir, { id: NAME, version: `0.0.0-${key}` });
    return { json: prepared.modelJson, from: 'prepareModelPackage' };
  }
  const info = await readInfo(dir);
  const tokens = readFileSync(join(dir, 'tokens.txt'), 'utf8').trim().split('\n').map((l) => l.slice(0, l.lastIndexOf(' ')));
  const json = {
    schema: 1,
    id: NAME,
    version: `0.0.0-${key}`,
    file: 'model.int8.onnx',
    sha256: await sha256File(join(dir, 'model.int8.onnx')),
    sampleRate: 16000,
    input: {
      kind: 'features',
      name: 'audio_signal',
      lengthName: 'length',
      layout: 'batch,features,time',
      frontEnd: {
        kind: 'fbank', sampleRate: 16000, numMelBins: 80, frameLengthMs: 25, frameShiftMs: 10, nFft: 512, window: 'hann',
        preemphasis: 0.97, dither: 0, removeDcOffset: false, snipEdges: false, melScale: 'slaney', melNorm: 'slaney',
        lowFreq: 0, highFreq: 8000, power: 2, logFloor: 1.1920928955078125e-7, normalize: 'per_feature', normalizeEps: 1e-5, padValue: 0,
      },
    },
    output: {
      kind: 'ctc-log-probs',
      name: 'logprobs',
      lengthName: 'logprobs_length',
      subsamplingFactor: info.subsampling_factor,
      frameShiftSeconds: (10 * info.subsampling_factor) / 1000,
    },
    tokensFile: 'tokens.txt',
    blankId: tokens.indexOf('<blk>'),
    wordBoundary: '▁',
    confidence: { measure: 'max_prob', aggregation: 'mean' },
  };
  return { json, from: 'hand-written' };
}
