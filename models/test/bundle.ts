// Reading a model bundle and its reference fixtures, shared by the bundle tests.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

export interface FixtureEntry {
  name: string;
  wav: string;
  text: string;
  voice: string;
  samples: number;
  features: { file: string; shape: [number, number] };
  logprobs: { file: string; shape: [number, number] };
  greedy: string;
}

export interface Fixtures {
  tolerance: { logprobs_max_abs: number; features_max_abs: number };
  utterances: FixtureEntry[];
}

export const DEFAULT_BUNDLE = join(import.meta.dirname, '..', 'verbatim-en-char-v1');

export function readModelJson(dir: string): any {
  return JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
}

export function readFixtures(dir: string): Fixtures {
  return JSON.parse(readFileSync(join(dir, 'fixtures', 'fixtures.json'), 'utf8'));
}

export function readF32(path: string): Float32Array {
  const buf = readFileSync(path);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Features stored (frames, bins) row-major, transposed to the model's (1, bins, frames) input. */
export function toModelInput(features: Float32Array, frames: number, bins: number): Float32Array {
  const out = new Float32Array(frames * bins);
  for (let t = 0; t < frames; t++) for (let f = 0; f < bins; f++) out[f * frames + t] = features[t * bins + f]!;
  return out;
}

export async function runLogprobs(
  session: ort.InferenceSession,
  model: any,
  features: Float32Array,
  frames: number,
  bins: number,
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const feeds: Record<string, ort.Tensor> = {
    [model.input.name]: new ort.Tensor('float32', toModelInput(features, frames, bins), [1, bins, frames]),
    [model.input.lengthName]: new ort.Tensor('int64', BigInt64Array.from([BigInt(frames)]), [1]),
  };
  const out = await session.run(feeds);
  const lp = out[model.output.name]!;
  return { data: lp.data as Float32Array, dims: lp.dims };
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Greedy CTC text from (frames, vocab) log-probs, using the bundle's tokens and blank. */
export function greedyText(data: Float32Array, frames: number, vocab: number, model: any): string {
  let out = '';
  let prev = -1;
  for (let t = 0; t < frames; t++) {
    let best = 0;
    for (let v = 1; v < vocab; v++) if (data[t * vocab + v]! > data[t * vocab + best]!) best = v;
    if (best !== model.blankId && best !== prev) out += best === 0 ? ' ' : model.tokens[best];
    prev = best;
  }
  return out.trim().split(/\s+/).join(' ');
}

/** Runs every fixture through onnxruntime-node; the largest log-prob difference from PyTorch and the greedy texts. */
export async function bundleParity(dir: string): Promise<{ maxDiff: number; greedy: { expected: string; got: string }[] }> {
  const model = readModelJson(dir);
  const fixtures = readFixtures(dir);
  const session = await ort.InferenceSession.create(join(dir, model.file), { intraOpNumThreads: 1 });
  try {
    let maxDiff = 0;
    const greedy = [];
    for (const u of fixtures.utterances) {
      const [frames, bins] = u.features.shape;
      const got = await runLogprobs(session, model, readF32(join(dir, 'fixtures', u.features.file)), frames, bins);
      maxDiff = Math.max(maxDiff, maxAbsDiff(got.data, readF32(join(dir, 'fixtures', u.logprobs.file))));
      greedy.push({ expected: u.greedy, got: greedyText(got.data, u.logprobs.shape[0], u.logprobs.shape[1], model) });
    }
    return { maxDiff, greedy };
  } finally {
    await session.release();
  }
}
