// The continued-training gate's beam + LM figures (verbatim_recipe/promote.py): WER of beam search with the bundle's
// word LM, by the runtime's decoder and the bundle's own weights, on the held-out general sets only (what
// models/lm/evaluate.ts measures first, without its domain sets, greedy and LM-less beam rows).
//   node recipe/gate_lm.ts --bundle <dir> --work <recipe work dir> --out <file.json>
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLanguageModelScorer } from '@verbatim/asr';
import { loadLanguageModel, loadModelBundle } from '@verbatim/asr/node';
import { cliArgs } from '../lm/cliArgs.ts';
import { decodeSet } from '../lm/decodeSet.ts';
import { GENERAL_SETS, loadSet, RECIPE_WORK } from '../lm/evalSets.ts';

const USAGE = 'usage: node recipe/gate_lm.ts --bundle <dir> [--work <recipe work dir>] --out <file.json>';
const args = cliArgs(process.argv.slice(2), { bundle: '', work: RECIPE_WORK, out: '' }, USAGE);
if (!args.bundle || !args.out) {
  console.error(USAGE);
  process.exit(2);
}
const bundle = await loadModelBundle(resolve(args.bundle));
const lm = await loadLanguageModel(bundle);
if (!lm || !bundle.lm) {
  console.error(`gate: ${args.bundle} has no word LM (model.json "lm")`);
  process.exit(2);
}
const scorer = createLanguageModelScorer(bundle, lm, { alpha: bundle.lm.alpha, beta: bundle.lm.beta, unkPenalty: bundle.lm.unkPenalty });
const rows: { set: string; decoder: string; words: number; wer: number; cer: number }[] = [];
for (const set of GENERAL_SETS) {
  const utts = await loadSet(bundle, args.work, set);
  const r = decodeSet(bundle, utts, { decoder: 'beam', beam: bundle.lm.beam, lm: scorer });
  rows.push({ set, decoder: `beam ${bundle.lm.beam} + LM`, words: r.words, wer: r.wer, cer: r.cer });
  console.log(`gate: ${set} beam ${bundle.lm.beam} + LM WER ${(100 * r.wer).toFixed(1)}%`);
}
writeFileSync(args.out, `${JSON.stringify({ bundle: `${bundle.id} ${bundle.version}`, modelHash: bundle.modelHash, rows }, null, 1)}\n`);
