// Tunes shallow-fusion weights (alpha, beta, unkPenalty) on the recipe's dev sets with the real decoder, fits the
// confidence calibration of LM decoding, and records both in the bundle's model.json `lm` section:
//   node lm/tune.ts [--bundle verbatim-en-char-v1] [--lm lm.bin] [--work recipe/work] [--beam 24]
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLanguageModelScorer, decodeNgramModel, WORD_FEATURES } from '@verbatim/asr';
import { loadModelBundle } from '@verbatim/asr/node';
import { fitLogistic, fitPlatt } from './calibrate.ts';
import { cliArgs } from './cliArgs.ts';
import { decodeSet, errorDetectionAuroc, expectedCalibrationError } from './decodeSet.ts';
import { DEV_SETS, loadSet, RECIPE_WORK, type Utterance } from './evalSets.ts';

const here = import.meta.dirname;
const USAGE =
  'usage: node lm/tune.ts [--bundle <dir>] [--lm lm.bin] [--work <recipe work dir>] [--beam 24] [--adaptation-weight 0.25]\n' +
  '       [--weights alpha,beta,unkPenalty]   (skip the grid search: only refit the LM-decoding calibration)\n' +
  '       [--keep-within 0.1]   (keep the bundle\'s weights when the grid finds them within this many points of dev WER of its best)\n' +
  '       [--text <what the LM was estimated from, recorded in model.json; default: what it says of this same LM>] [--alphas 0.4,...] [--betas 0,...] [--unks -3,...]';
const args = cliArgs(process.argv.slice(2), {
  bundle: join(here, '..', 'verbatim-en-char-v1'),
  lm: 'lm.bin',
  work: RECIPE_WORK,
  beam: '24',
  'adaptation-weight': '0.25',
  weights: '',
  'keep-within': '0.1',
  text: '',
  alphas: '0.4,0.5,0.6,0.7,0.8,0.9',
  betas: '0,0.5,1,1.5,2',
  unks: '-3,-4,-5',
}, USAGE);
/** What model.json says of an LM whose text was not given and that it did not describe before. */
const DEFAULT_TEXT = 'the recipe training text (work/text/general_train.txt): no dev or test sentence';
let stop = false;
process.once('SIGINT', () => {
  stop = true;
  console.error('tune: stopping after this setting (nothing is written)');
});

const dir = resolve(args.bundle);
const bundle = await loadModelBundle(dir);
const lmPath = join(dir, args.lm);
const lmBytes = readFileSync(lmPath);
const lm = decodeNgramModel(lmBytes, lmPath);
const beam = Number(args.beam);
const dev: Utterance[] = [];
for (const set of DEV_SETS) {
  dev.push(...(await loadSet(bundle, args.work, set, (d, n) => d % 200 === 0 && console.log(`tune: ${set} log-probs ${d}/${n}`))));
}
const greedy = decodeSet(bundle, dev, { decoder: 'greedy' });
console.log(`tune: ${dev.length} dev utterances, greedy WER ${(100 * greedy.wer).toFixed(1)}%`);

const fixed = args.weights ? args.weights.split(',').map(Number) : undefined;
if (fixed && (fixed.length !== 3 || fixed.some((x) => !Number.isFinite(x)))) {
  console.error(`tune: --weights needs alpha,beta,unkPenalty, got ${args.weights}`);
  process.exit(2);
}
const grid = fixed
  ? { alpha: [fixed[0]!], beta: [fixed[1]!], unkPenalty: [fixed[2]!] }
  : { alpha: numbers(args.alphas, 'alphas'), beta: numbers(args.betas, 'betas'), unkPenalty: numbers(args.unks, 'unks') };
const total = grid.alpha.length * grid.beta.length * grid.unkPenalty.length;
const results: { alpha: number; beta: number; unkPenalty: number; wer: number; cer: number }[] = [];
const t0 = performance.now();
for (const alpha of grid.alpha) {
  for (const beta of grid.beta) {
    for (const unkPenalty of grid.unkPenalty) {
      if (stop) process.exit(130);
      const r = decodeSet(bundle, dev, { decoder: 'beam', beam, lm: createLanguageModelScorer(bundle, lm, { alpha, beta, unkPenalty }) });
      results.push({ alpha, beta, unkPenalty, wer: r.wer, cer: r.cer });
      const eta = ((performance.now() - t0) / results.length) * (total - results.length) / 1000;
      console.log(`tune: ${results.length}/${total} alpha ${alpha} beta ${beta} unk ${unkPenalty}: WER ${(100 * r.wer).toFixed(2)}% (ETA ${eta.toFixed(0)} s)`);
    }
  }
}
// lowest WER; ties go to the smaller LM weight (less risk on unseen domains)
results.sort((a, b) => a.wer - b.wer || a.alpha - b.alpha);
// ...but the bundle's own weights stay when they are within --keep-within points of that: a difference of a few
// dozen dev words is noise, and new weights move every figure measured with the LM (the plugins' cost on general
// speech among them), so they should be earned
const keepWithin = Number(args['keep-within']);
if (!(keepWithin >= 0)) {
  console.error(`tune: --keep-within must be a number of points >= 0, got ${args['keep-within']}`);
  process.exit(2);
}
const current = bundle.lm ? results.find((r) => r.alpha === bundle.lm!.alpha && r.beta === bundle.lm!.beta && r.unkPenalty === bundle.lm!.unkPenalty) : undefined;
const nominal = results[0]!;
const best = current !== undefined && 100 * (current.wer - nominal.wer) <= keepWithin ? current : nominal;
if (best !== nominal) {
  console.log(
    `tune: keeping the bundle's alpha ${best.alpha} beta ${best.beta} unk ${best.unkPenalty} (dev WER ${(100 * best.wer).toFixed(2)}%): ` +
      `within ${keepWithin} points of the grid's best, alpha ${nominal.alpha} beta ${nominal.beta} unk ${nominal.unkPenalty} (${(100 * nominal.wer).toFixed(2)}%)`,
  );
}
const scorer = createLanguageModelScorer(bundle, lm, best);
// word confidence of LM decoding: a logistic model over every word feature the runtime computes, fitted on half the
// dev utterances and checked on the other half beside the Platt map of the acoustic score alone; then refitted on all
// (a dev set with too few right or wrong words for ten weights, as a small recipe run has, keeps the Platt map)
const MIN_WORDS_OF_EACH_KIND = 200;
const fit = (utts: typeof dev) => {
  const r = decodeSet(bundle, utts, { decoder: 'beam', beam, lm: scorer, calibration: null, features: true });
  const correct = r.scored.map((s) => s.correct);
  const right = correct.filter(Boolean).length;
  const enough = Math.min(right, correct.length - right) >= MIN_WORDS_OF_EACH_KIND;
  return { platt: fitPlatt(r.scored.map((s) => s.confidence), correct), logistic: enough ? fitLogistic(WORD_FEATURES, r.features, correct) : undefined, right, wrong: correct.length - right };
};
const half = fit(dev.filter((_, i) => i % 2 === 0));
const check = dev.filter((_, i) => i % 2 === 1);
for (const [name, calibration] of [['Platt map of the acoustic score', half.platt], ['logistic over word features', half.logistic]] as const) {
  if (!calibration) continue;
  const r = decodeSet(bundle, check, { decoder: 'beam', beam, lm: scorer, calibration });
  console.log(`tune: LM confidence, ${name} (fitted on half of dev, measured on the other half): ECE ${expectedCalibrationError(r.scored).toFixed(3)} AUROC ${errorDetectionAuroc(r.scored).toFixed(3)}`);
}
const all = fit(dev);
const calibration = all.logistic ?? all.platt;
console.log(
  `tune: best alpha ${best.alpha} beta ${best.beta} unk ${best.unkPenalty}: dev WER ${(100 * best.wer).toFixed(1)}% ` +
    `(greedy ${(100 * greedy.wer).toFixed(1)}%); LM confidence: ` +
    (calibration.method === 'logistic'
      ? `${calibration.features.map((f, i) => `${f} ${calibration.weights[i]!.toFixed(3)}`).join(', ')}, bias ${calibration.bias.toFixed(3)}`
      : `Platt map a ${calibration.a.toFixed(3)} b ${calibration.b.toFixed(3)} (dev has ${all.right} right and ${all.wrong} wrong words; a logistic model over word features needs ${MIN_WORDS_OF_EACH_KIND}+ of each)`),
);

const jsonPath = join(dir, 'model.json');
const modelJson = JSON.parse(readFileSync(jsonPath, 'utf8'));
const sha256 = createHash('sha256').update(lmBytes).digest('hex');
// re-tuning the same LM keeps what model.json says it was estimated from, unless --text says otherwise
const text = args.text || (modelJson.lm?.sha256 === sha256 && typeof modelJson.lm?.text === 'string' ? modelJson.lm.text : DEFAULT_TEXT);
modelJson.lm = {
  file: args.lm,
  sha256,
  format: 'verbatim-ngram-v1 (see models/README.md)',
  order: lm.order,
  counts: lm.counts,
  text,
  alpha: best.alpha,
  beta: best.beta,
  unkPenalty: best.unkPenalty,
  beam,
  adaptationWeight: Number(args['adaptation-weight']),
  calibration: calibration.method === 'logistic' ? { ...calibration, weights: calibration.weights.map(round6), bias: round6(calibration.bias) } : calibration,
  tunedOn: { sets: [...DEV_SETS], utterances: dev.length, greedyWer: round(greedy.wer), wer: round(best.wer), cer: round(best.cer) },
};
writeFileSync(`${jsonPath}.partial`, `${JSON.stringify(modelJson, null, 1)}\n`);
renameSync(`${jsonPath}.partial`, jsonPath);
mkdirSync(join(args.work, 'lm'), { recursive: true });
if (!fixed) writeFileSync(join(args.work, 'lm', 'tuning.json'), JSON.stringify({ beam, grid, results }, null, 1));
console.log(`tune: wrote ${jsonPath} (lm section)${fixed ? '' : ` and ${join(args.work, 'lm', 'tuning.json')}`}`);

function numbers(list: string, name: string): number[] {
  const xs = list.split(',').map(Number);
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x))) {
    console.error(`tune: --${name} needs comma-separated numbers, got ${list}`);
    process.exit(2);
  }
  return xs;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
