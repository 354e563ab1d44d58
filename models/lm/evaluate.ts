// `npm run eval`: WER/CER of greedy, beam and beam+LM decoding on the recipe's held-out sets, domain sentences with
// and without their domain's text (template sentences, in-distribution for the adapted LM, beside hand-written
// out-of-template ones), decoding cost, and word-confidence calibration with the LM on.
//   node lm/evaluate.ts [--bundle verbatim-en-char-v1] [--work recipe/work] [--out <bundle>/lm-eval.json]
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { adaptLanguageModel, createLanguageModelScorer } from '@verbatim/asr';
import { loadLanguageModel, loadModelBundle } from '@verbatim/asr/node';
import { cliArgs } from './cliArgs.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '@verbatim/core';
import { decodeSet, errorDetectionAuroc, expectedCalibrationError, flagPrecisionRecall, type SetResult } from './decodeSet.ts';
import { GENERAL_SETS, loadSet, RECIPE_WORK, RENDER_HINT, type Utterance } from './evalSets.ts';

const here = import.meta.dirname;
const USAGE = 'usage: node lm/evaluate.ts [--bundle <dir>] [--work <recipe work dir>] [--out <file>]';
const args = cliArgs(process.argv.slice(2), { bundle: join(here, '..', 'verbatim-en-char-v1'), work: RECIPE_WORK, out: '' }, USAGE);
process.once('SIGINT', () => {
  console.error('eval: interrupted, nothing written');
  process.exit(130);
});

const dir = resolve(args.bundle);
const bundle = await loadModelBundle(dir);
const base = await loadLanguageModel(bundle);
if (!base || !bundle.lm) {
  console.error(`eval: bundle ${dir} has no language model (model.json "lm"); build one with: npm run model:train -- --stage 8`);
  process.exit(2);
}
const cfg = bundle.lm;
const weights = { alpha: cfg.alpha, beta: cfg.beta, unkPenalty: cfg.unkPenalty };
const baseScorer = createLanguageModelScorer(bundle, base, weights);

type Row = { set: string; decoder: string; utterances: number; words: number; wer: number; cer: number; decodeMs: number; audioSeconds: number };
const rows: Row[] = [];
const scoredLm: SetResult['scored'] = [];
const scoredGreedy: SetResult['scored'] = [];
const add = (set: string, decoder: string, utts: readonly Utterance[], r: SetResult) => {
  rows.push({ set, decoder, utterances: utts.length, words: r.words, wer: r.wer, cer: r.cer, decodeMs: Math.round(r.decodeMs), audioSeconds: Math.round(r.audioSeconds) });
  console.log(`eval: ${set.padEnd(22)} ${decoder.padEnd(16)} WER ${pct(r.wer)}  CER ${pct(r.cer)}  decode ${r.decodeMs.toFixed(0)} ms`);
};

for (const set of GENERAL_SETS) {
  const utts = await loadSet(bundle, args.work, set, (d, n) => d % 200 === 0 && console.log(`eval: ${set} log-probs ${d}/${n}`));
  const g = decodeSet(bundle, utts, { decoder: 'greedy' });
  add(set, 'greedy', utts, g);
  scoredGreedy.push(...g.scored);
  add(set, `beam ${cfg.beam}`, utts, decodeSet(bundle, utts, { decoder: 'beam', beam: cfg.beam }));
  const l = decodeSet(bundle, utts, { decoder: 'beam', beam: cfg.beam, lm: baseScorer });
  add(set, `beam ${cfg.beam} + LM`, utts, l);
  scoredLm.push(...l.scored);
}

// domain sentences: which domain each belongs to, from the recipe's test text files. These are in-distribution for the
// adapted LM: they come from the same templates as the domain text it adapts to (never the same sentences).
const domains = ['medical', 'ruby', 'social'] as const;
const textDir = join(args.work, 'text');
const domainOf = new Map<string, string>();
for (const d of domains) for (const s of readFileSync(join(textDir, `${d}_test.txt`), 'utf8').split('\n')) if (s) domainOf.set(s, d);
const domainUtts = await loadSet(bundle, args.work, 'test_domain');
// out of template: sentences written by hand for each domain (recipe/domain_fresh), same kind of voices; the id says
// the domain (tf_<domain>_<n>)
const freshUtts = await loadSet(bundle, args.work, 'test_domain_fresh');
if (domainUtts.length === 0 || freshUtts.length === 0) throw new Error(`test_domain${domainUtts.length === 0 ? '' : '_fresh'}: no utterances (render it with: ${RENDER_HINT})`);
const adaptedTimes: number[] = [];
for (const d of domains) {
  // the domain's own text: the recipe's training sentences of that domain (the test sentences are never in it)
  const t0 = performance.now();
  const text = readFileSync(join(textDir, `${d}_train.txt`), 'utf8');
  const adapted = createLanguageModelScorer(bundle, adaptLanguageModel(base, { texts: [text] }, { weight: cfg.adaptationWeight }), weights);
  adaptedTimes.push(performance.now() - t0);
  const sets: [string, Utterance[]][] = [
    [`test_domain/${d}`, domainUtts.filter((u) => domainOf.get(u.text) === d)],
    [`test_domain_fresh/${d}`, freshUtts.filter((u) => u.id.split('_')[1] === d)],
  ];
  for (const [set, utts] of sets) {
    // a small recipe run (--scale) may render no sentence of a domain: say so and go on; a set not rendered at all stops above
    if (utts.length === 0) {
      process.stderr.write(`eval: ${set}: no utterances at this scale, skipped\n`);
      continue;
    }
    add(set, 'greedy', utts, decodeSet(bundle, utts, { decoder: 'greedy' }));
    add(set, `beam ${cfg.beam}`, utts, decodeSet(bundle, utts, { decoder: 'beam', beam: cfg.beam }));
    add(set, `beam ${cfg.beam} + LM`, utts, decodeSet(bundle, utts, { decoder: 'beam', beam: cfg.beam, lm: baseScorer }));
    add(set, `beam ${cfg.beam} + adapted`, utts, decodeSet(bundle, utts, { decoder: 'beam', beam: cfg.beam, lm: adapted }));
  }
}

const pooled = (decoder: string, sets: (s: string) => boolean) => {
  const rs = rows.filter((r) => r.decoder === decoder && sets(r.set));
  const words = rs.reduce((n, r) => n + r.words, 0);
  return { wer: rs.reduce((n, r) => n + r.wer * r.words, 0) / words, decodeMs: rs.reduce((n, r) => n + r.decodeMs, 0), audioSeconds: rs.reduce((n, r) => n + r.audioSeconds, 0) };
};
const general = (s: string) => (GENERAL_SETS as readonly string[]).includes(s);
const g = pooled('greedy', general);
const l = pooled(`beam ${cfg.beam} + LM`, general);
const domainSummary = (prefix: string, note: string) => {
  const sets = (s: string) => s.startsWith(prefix);
  const dg = pooled('greedy', sets);
  const dl = pooled(`beam ${cfg.beam} + LM`, sets);
  const da = pooled(`beam ${cfg.beam} + adapted`, sets);
  return { note, greedyWer: dg.wer, lmWer: dl.wer, adaptedWer: da.wer, relativeReduction: 1 - da.wer / dg.wer, target: 0.5 };
};
const summary = {
  general: { greedyWer: g.wer, lmWer: l.wer, relativeReduction: 1 - l.wer / g.wer, target: 0.25 },
  domain: domainSummary('test_domain/', 'in-distribution: test sentences generated from the same templates as the adaptation text'),
  domainFresh: domainSummary('test_domain_fresh/', 'out of template: sentences written by hand for each domain (recipe/domain_fresh)'),
  decoding: {
    note: 'search only, over cached log-probs; the full pipeline ratio (model included) is in `npm run bench` (packages/asr)',
    greedyRtf: g.decodeMs / 1000 / g.audioSeconds,
    lmRtf: l.decodeMs / 1000 / l.audioSeconds,
    adaptMsPerJob: adaptedTimes.map(Math.round),
  },
  confidence: {
    method: { greedy: bundle.confidence.calibration?.method ?? 'none', lm: cfg.calibration?.method ?? bundle.confidence.calibration?.method ?? 'none' },
    greedy: { ece: expectedCalibrationError(scoredGreedy), auroc: errorDetectionAuroc(scoredGreedy), flags: flagPrecisionRecall(scoredGreedy, DEFAULT_REVIEW_THRESHOLD) },
    lm: { ece: expectedCalibrationError(scoredLm), auroc: errorDetectionAuroc(scoredLm), flags: flagPrecisionRecall(scoredLm, DEFAULT_REVIEW_THRESHOLD) },
    flagThreshold: DEFAULT_REVIEW_THRESHOLD,
  },
};
console.log(`eval: general sets WER greedy ${pct(g.wer)} -> beam+LM ${pct(l.wer)} (${pct(summary.general.relativeReduction)} relative; target >= 25%)`);
for (const [label, d] of [['in-distribution (template) domain sets', summary.domain], ['out-of-template domain sets', summary.domainFresh]] as const) {
  console.log(`eval: ${label} WER greedy ${pct(d.greedyWer)} -> beam+LM ${pct(d.lmWer)} -> beam+adapted LM ${pct(d.adaptedWer)} (${pct(d.relativeReduction)} relative; target >= 50%)`);
}
console.log(`eval: word confidence ECE greedy ${summary.confidence.greedy.ece.toFixed(3)}, with LM ${summary.confidence.lm.ece.toFixed(3)}; AUROC ${summary.confidence.greedy.auroc.toFixed(3)} / ${summary.confidence.lm.auroc.toFixed(3)}`);
for (const [name, c] of [['greedy', summary.confidence.greedy], ['beam + LM', summary.confidence.lm]] as const) {
  console.log(`eval: review flags at the default threshold ${DEFAULT_REVIEW_THRESHOLD}, ${name}: ${pct(c.flags.flagged)} of words flagged, ${pct(c.flags.precision)} of them wrong, ${pct(c.flags.recall)} of the wrong words flagged`);
}
console.log(`eval: search RTF greedy ${summary.decoding.greedyRtf.toExponential(2)}, beam+LM ${summary.decoding.lmRtf.toExponential(2)}; adapting the LM per job ${summary.decoding.adaptMsPerJob.join(' / ')} ms`);
const out = args.out || join(dir, 'lm-eval.json');
writeFileSync(`${out}.partial`, `${JSON.stringify({ model: `${bundle.id} ${bundle.version}`, lm: cfg.file.replace(`${dir}/`, ''), weights: { ...weights, beam: cfg.beam, adaptationWeight: cfg.adaptationWeight }, summary, rows }, null, 1)}\n`);
renameSync(`${out}.partial`, out);
console.log(`eval: wrote ${out}`);

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
