// The int8 package's figures (models/verbatim-en-char-v1-int8/README.md): greedy WER of the bundle's float model and of
// an int8 copy of it on the first clips of a recipe set, by the runtime's own front end, session and greedy decoder,
// how many transcripts are identical, and the int8 session.run time over the float one (both on one thread, the two
// models alternating clip by clip so that a busy machine slows both alike).
//   node recipe/int8_wer.ts [--bundle verbatim-en-char-v1] [--int8 verbatim-en-char-v1-int8/model.int8.onnx]
//                           [--float <model.onnx, default the bundle's>] [--set test_clean] [--clips 50]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { wordErrorRate } from '@verbatim/core';
import { computeFeatures, greedySearch, wordsFromHypothesis, type ModelBundle } from '@verbatim/asr';
import { decodeAudioFile, loadAcousticModel, loadModelBundle } from '@verbatim/asr/node';
import { cliArgs } from '../lm/cliArgs.ts';
import { manifestPath, RECIPE_WORK } from '../lm/evalSets.ts';

const here = import.meta.dirname;
const USAGE =
  'usage: node recipe/int8_wer.ts [--bundle <dir>] [--int8 <model.int8.onnx>] [--float <model.onnx>] [--work <recipe work dir>] [--set test_clean] [--clips 50]';
const args = cliArgs(process.argv.slice(2), {
  bundle: join(here, '..', 'verbatim-en-char-v1'),
  int8: join(here, '..', 'verbatim-en-char-v1-int8', 'model.int8.onnx'),
  float: '',
  work: RECIPE_WORK,
  set: 'test_clean',
  clips: '50',
}, USAGE);

const bundle = await loadModelBundle(resolve(args.bundle));
if (bundle.input.kind !== 'features') throw new Error('int8_wer: the bundle must take features');
const frontEnd = bundle.input.frontEnd;
// the same bundle description (tokens, blank, input and output names) over another ONNX file
const withFile = (file: string): ModelBundle => ({ ...bundle, modelFile: resolve(file) });
const models = {
  float: await loadAcousticModel(withFile(args.float || bundle.modelFile), { intraOpNumThreads: 1 }),
  int8: await loadAcousticModel(withFile(args.int8), { intraOpNumThreads: 1 }),
};
const clips = readFileSync(manifestPath(args.work, args.set), 'utf8').split('\n').filter(Boolean).slice(0, Number(args.clips))
  .map((l) => JSON.parse(l) as { audio_filepath: string; text: string });

const hyps = { float: [] as string[], int8: [] as string[] };
const runMs = { float: 0, int8: 0 };
for (const [i, clip] of clips.entries()) {
  const features = computeFeatures(await decodeAudioFile(clip.audio_filepath, { sampleRate: bundle.sampleRate }), frontEnd);
  // alternate which model goes first
  for (const kind of i % 2 === 0 ? (['float', 'int8'] as const) : (['int8', 'float'] as const)) {
    const t0 = performance.now();
    const lp = await models[kind].run(features);
    runMs[kind] += performance.now() - t0;
    hyps[kind].push(wordsFromHypothesis(greedySearch(lp, bundle.blankId), lp, bundle).map((w) => w.text).join(' '));
  }
}
await models.float.dispose();
await models.int8.dispose();

const refs = clips.map((c) => c.text);
const float = wordErrorRate(refs, hyps.float);
const int8 = wordErrorRate(refs, hyps.int8);
const same = hyps.float.filter((h, i) => h === hyps.int8[i]).length;
console.log(
  `int8_wer: ${args.float ? resolve(args.float) : `${bundle.id} ${bundle.version}`}, first ${clips.length} clips of ${args.set} (${float.total} words), greedy WER ` +
    `float ${(100 * float.rate).toFixed(1)}%, int8 ${(100 * int8.rate).toFixed(1)}% (${same} of ${clips.length} transcripts identical); ` +
    `int8 session.run time ${(runMs.int8 / runMs.float).toFixed(2)}x of float on one thread`,
);
