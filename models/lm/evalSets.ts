// Evaluation sets of the recipe (its stage 2 manifests) as log-prob matrices, computed once per model and cached.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeFeatures, type LogProbs, type ModelBundle } from '@verbatim/asr';
import { decodeAudioFile, loadAcousticModel } from '@verbatim/asr/node';

export interface Utterance {
  id: string;
  text: string;
  voice: string;
  duration: number;
  lp: LogProbs;
}

export const RECIPE_WORK = join(import.meta.dirname, '..', 'recipe', 'work');
export const GENERAL_SETS = ['test_clean', 'test_noisy', 'test_unseen_voices'] as const;
export const DEV_SETS = ['dev', 'dev_noisy'] as const;

/** The command that renders the evaluation sets when they are missing. */
export const RENDER_HINT =
  'npm run model:train -- --stage 1 --stop-stage 2 --sets dev,dev_noisy,test_clean,test_noisy,test_unseen_voices,test_domain,test_domain_fresh';

export function manifestPath(workDir: string, set: string): string {
  return join(workDir, 'manifests', `${set}.jsonl`);
}

/**
 * The utterances of one recipe set with the bundle's log-probs, from the cache when the model and manifest match.
 * @throws when the set has not been rendered (the message gives the command).
 */
export async function loadSet(bundle: ModelBundle, workDir: string, set: string, onProgress?: (done: number, total: number) => void): Promise<Utterance[]> {
  const manifest = manifestPath(workDir, set);
  if (!existsSync(manifest)) throw new Error(`${manifest} is missing: render the evaluation sets first with\n  ${RENDER_HINT}`);
  const lines = readFileSync(manifest, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const key = createHash('sha256').update(bundle.modelHash).update(readFileSync(manifest)).digest('hex').slice(0, 16);
  const cacheDir = join(workDir, 'lm', 'logprobs');
  const cache = join(cacheDir, `${set}-${key}.bin`);
  const vocab = bundle.tokens.length;
  if (existsSync(cache)) {
    const buf = readFileSync(cache);
    const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    const index = JSON.parse(readFileSync(`${cache}.json`, 'utf8')) as number[];
    let off = 0;
    return lines.map((u, i) => {
      const frames = index[i] as number;
      const data = all.slice(off, off + frames * vocab);
      off += frames * vocab;
      return { id: u.id, text: u.text, voice: u.voice, duration: u.duration, lp: { data, frames, vocab } };
    });
  }
  const model = await loadAcousticModel(bundle, { intraOpNumThreads: 2 });
  const out: Utterance[] = [];
  try {
    for (const u of lines) {
      const samples = await decodeAudioFile(u.audio_filepath, { sampleRate: bundle.sampleRate });
      if (bundle.input.kind !== 'features') throw new Error('the LM tools expect a features model');
      const lp = await model.run(computeFeatures(samples, bundle.input.frontEnd));
      out.push({ id: u.id, text: u.text, voice: u.voice, duration: u.duration, lp });
      onProgress?.(out.length, lines.length);
    }
  } finally {
    await model.dispose();
  }
  mkdirSync(cacheDir, { recursive: true });
  const total = out.reduce((n, u) => n + u.lp.data.length, 0);
  const all = new Float32Array(total);
  let off = 0;
  for (const u of out) {
    all.set(u.lp.data, off);
    off += u.lp.data.length;
  }
  writeFileSync(cache, new Uint8Array(all.buffer));
  writeFileSync(`${cache}.json`, JSON.stringify(out.map((u) => u.lp.frames)));
  return out;
}
