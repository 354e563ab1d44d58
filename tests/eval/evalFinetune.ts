// `npm run eval:finetune`: does fine-tuning on a team's verified corrections help where the bundled model is weak,
// without hurting general English? Medical dictation (the recipe's held-out medical sentences) in voices the model
// never heard (the recipe's held-out voices) is recorded, uploaded to a real server and transcribed; editors correct
// every transcript to its reference in the collaboration room and mark it verified (scripted, through the API);
// the project is exported as training data, the bundled model is fine-tuned on the export's train split (with the
// recipe's synthetic share), installed with `verbatim model install`, made the project's candidate and compared on the
// held-out test split by the server. The test-split recordings and a general-English set (the recipe's test_clean)
// are also decoded here with both models (the bundle's word LM, as the server decodes): WER and domain-term recall.
//   node tests/eval/evalFinetune.ts [--minutes 30] [--general 200] [--epochs 8] [--synth-share 0.5] [--lr 1.5e-4] [--margin 0.02]
//                                   [--per-recording 5] [--out tests/eval/finetune-eval.json] [--keep DIR]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDecoding, transcribeSamples } from '@verbatim/asr';
import { decodeAudioFile, loadAcousticModel, loadLanguageModel, loadModelBundle } from '@verbatim/asr/node';
import { alignWords, normalizeForScoring, wordErrorRate } from '@verbatim/core';
import type { TrainingExportInfoJson } from '@verbatim/core/api';
import { splitOf } from '../../apps/server/src/training/splitOf.ts';
import { addReviewers, BUNDLE, candidateAndCompare, correctAndVerify, downloadExport, fineTune, installWithCli, REPO, startFlow, uploadAndTranscribe } from './finetuneFlow.ts';
import { HELD_OUT_VOICES, renderSpeech } from './renderSpeech.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    general: { type: 'string', default: '200' },
    epochs: { type: 'string', default: '8' },
    'synth-share': { type: 'string', default: '0.5' },
    lr: { type: 'string', default: '1.5e-4' },
    margin: { type: 'string', default: '0.02' },
    'per-recording': { type: 'string', default: '5' },
    out: { type: 'string', default: join(import.meta.dirname, 'finetune-eval.json') },
    keep: { type: 'string' },
  },
});
const MINUTES = Number(values.minutes);
const MARGIN = Number(values.margin);
const RECIPE = join(REPO, 'models', 'recipe');
const say = (line: string) => console.log(`eval:finetune: ${line}`);
const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(1)}%`);

// --- the domain: medical sentences the model never trained on, in voices it never heard
const medicalTest = join(RECIPE, 'work', 'text', 'medical_test.txt');
const fresh = readFileSync(join(RECIPE, 'domain_fresh', 'medical.txt'), 'utf8').split('\n');
const sentences = [...(existsSync(medicalTest) ? readFileSync(medicalTest, 'utf8').split('\n') : []), ...fresh]
  .map((l) => normalizeForScoring(l)).filter((l) => l !== '');
const work = values.keep ?? mkdtempSync(join(tmpdir(), 'verbatim-eval-finetune-'));
mkdirSync(work, { recursive: true });
const wavSeconds = (path: string) => (statSync(path).size - 44) / 32000;

const t0 = performance.now();
const flow = await startFlow();
let stopping = false;
process.once('SIGINT', () => {
  stopping = true;
  say('stopping (nothing written)');
  void flow.server.stop().then(() => process.exit(130));
});
try {
  const projectId = (await flow.api.call<{ id: string }>('POST', '/api/projects', { name: 'Medical dictation' })).id;
  const perRecording = Number(values['per-recording']);
  const recordings: Array<{ wav: string; reference: string; voice: string; seconds: number }> = [];
  let total = 0;
  for (let i = 0; total < MINUTES * 60 || recordings.length < 20; i++) {
    const picked = Array.from({ length: perRecording }, (_, k) => sentences[(i * perRecording + k) % sentences.length]!);
    const voice = HELD_OUT_VOICES[i % HELD_OUT_VOICES.length]!;
    const wav = renderSpeech(picked.join('. '), voice, join(work, 'wav'));
    recordings.push({ wav, reference: picked.join(' '), voice, seconds: wavSeconds(wav) });
    total += wavSeconds(wav);
  }
  say(`${recordings.length} recordings, ${(total / 60).toFixed(1)} minutes of medical dictation in ${HELD_OUT_VOICES.join(', ')}`);

  const tUpload = performance.now();
  const made = await uploadAndTranscribe(flow, projectId, recordings.map((r) => r.wav), 30 * 60_000);
  const clips = made.map((m, i) => ({ ...m, ...recordings[i]!, split: splitOf(projectId, m.mediaId) }));
  say(`uploaded and transcribed in ${((performance.now() - tUpload) / 1000).toFixed(0)} s; correcting and verifying`);
  // the server limits how many collaboration connections one account opens: a dozen editors share the work
  const reviewers = await addReviewers(flow, projectId, 12);
  let verified = 0;
  const tReview = performance.now();
  await Promise.all(reviewers.map(async (reviewer, r) => {
    for (const clip of clips.filter((_, i) => i % reviewers.length === r)) {
      await correctAndVerify(flow, reviewer, clip.transcriptId, clip.reference);
      if (++verified % 25 === 0) say(`${verified}/${clips.length} transcripts corrected and verified`);
    }
  }));
  say(`corrected and verified in ${((performance.now() - tReview) / 1000).toFixed(0)} s`);

  const exportDir = join(work, 'export');
  rmSync(exportDir, { recursive: true, force: true });
  mkdirSync(exportDir);
  await downloadExport(flow, projectId, exportDir);
  const info = JSON.parse(readFileSync(join(exportDir, 'export.json'), 'utf8')) as TrainingExportInfoJson;
  say(`export: ${(['train', 'dev', 'test'] as const).map((s) => `${s} ${info.splits[s].segments} segments / ${(info.splits[s].seconds / 60).toFixed(1)} min / ${info.splits[s].recordings} recordings`).join(', ')}`);

  const out = join(work, 'medical-ft');
  rmSync(out, { recursive: true, force: true });
  rmSync(`${out}.partial`, { recursive: true, force: true });
  const ft = await fineTune(exportDir, out, ['--synth-share', values['synth-share']!, '--lr', values.lr!, '--epochs', values.epochs!, '--threads', '2', '--workers', '2', '--patience', '2'], true);
  if (ft.code !== 0) throw new Error(`fine-tuning exited ${ft.code}`);
  const lineage = JSON.parse(readFileSync(join(out, 'lineage.json'), 'utf8'));
  const model = await installWithCli(flow, out);
  const ref = `${model.id}@${model.version}`;
  const comparison = await candidateAndCompare(flow, projectId, ref, 30 * 60_000);
  const row = (role: string) => comparison.rows.find((r) => r.role === role)!;
  say(`fine-tuned, installed and compared after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  say(`server comparison on the test split (${comparison.transcripts} transcripts): current ${pct(row('current').wer)}, candidate ${pct(row('candidate').wer)}`);

  // --- both models decoded here: the held-out test recordings, and general English
  const generalVocabulary = new Set(existsSync(join(RECIPE, 'work', 'text', 'general_train.txt'))
    ? readFileSync(join(RECIPE, 'work', 'text', 'general_train.txt'), 'utf8').split(/\s+/)
    : []);
  const isTerm = (w: string) => w.length >= 4 && (generalVocabulary.size > 0 ? !generalVocabulary.has(w) : w.length >= 8);
  const testClips = clips.filter((c) => c.split === 'test');
  const generalManifest = join(RECIPE, 'work', 'manifests', 'test_clean.jsonl');
  const general = existsSync(generalManifest)
    ? readFileSync(generalManifest, 'utf8').split('\n').filter((l) => l !== '').slice(0, Number(values.general)).map((l) => JSON.parse(l) as { audio_filepath: string; text: string })
    : [];
  if (general.length === 0) say(`no ${generalManifest}: build it with npm run model:train -- --stage 1 --stop-stage 2 --sets test_clean`);

  async function score(dir: string) {
    const bundle = await loadModelBundle(dir);
    const am = await loadAcousticModel(bundle, { intraOpNumThreads: 2 });
    try {
      return await scoreWith(dir, bundle, am);
    } finally {
      // the ONNX session's native threads are released, not left to the end of the process
      await am.dispose();
    }
  }

  async function scoreWith(dir: string, bundle: Awaited<ReturnType<typeof loadModelBundle>>, am: Awaited<ReturnType<typeof loadAcousticModel>>) {
    const baseLm = await loadLanguageModel(bundle);
    const decoding = prepareDecoding(bundle, { ...(baseLm ? { baseLm } : {}) });
    const decode = async (wav: string, lm = true) => {
      const options = lm && decoding.languageModel ? { languageModel: decoding.languageModel } : {};
      const { words } = await transcribeSamples(await decodeAudioFile(wav, { sampleRate: bundle.sampleRate }), bundle, am, options);
      return normalizeForScoring(words.map((w) => w.text).join(' '));
    };
    const t = performance.now();
    const domainRefs: string[] = [];
    const domainHyps: string[] = [];
    const greedyHyps: string[] = [];
    const recall = { terms: 0, lm: 0, greedy: 0 };
    const termsMatched = (r: string[], hyp: string) =>
      alignWords(r, hyp.split(' ')).filter((step) => step.op === 'match' && isTerm(r[step.ref]!)).length;
    for (const clip of testClips) {
      if (stopping) throw new Error('stopped');
      const r = normalizeForScoring(clip.reference).split(' ');
      const hyp = await decode(clip.wav);
      const greedy = await decode(clip.wav, false);
      recall.terms += r.filter(isTerm).length;
      recall.lm += termsMatched(r, hyp);
      recall.greedy += termsMatched(r, greedy);
      domainRefs.push(r.join(' '));
      domainHyps.push(hyp);
      greedyHyps.push(greedy);
    }
    const generalHyps: string[] = [];
    for (const g of general) {
      if (stopping) throw new Error('stopped');
      generalHyps.push(await decode(g.audio_filepath.startsWith('/') ? g.audio_filepath : join(RECIPE, 'work', 'manifests', g.audio_filepath)));
    }
    const dw = wordErrorRate(domainRefs, domainHyps);
    const gw = general.length ? wordErrorRate(general.map((g) => normalizeForScoring(g.text)), generalHyps) : undefined;
    say(`scored ${dir} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    return {
      domainWer: dw.rate, domainWerGreedy: wordErrorRate(domainRefs, greedyHyps).rate,
      termRecall: recall.terms ? recall.lm / recall.terms : null, termRecallGreedy: recall.terms ? recall.greedy / recall.terms : null, terms: recall.terms,
      generalWer: gw?.rate ?? null, generalWords: gw?.total ?? 0,
    };
  }
  const parent = await score(BUNDLE);
  const tuned = await score(out);
  const generalChange = parent.generalWer !== null && tuned.generalWer !== null ? tuned.generalWer - parent.generalWer : null;
  const held = generalChange === null ? null : generalChange <= MARGIN;

  const report = {
    domain: 'medical dictation (recipe medical_test + domain_fresh/medical), held-out voices',
    voices: HELD_OUT_VOICES,
    recordings: clips.length,
    audioMinutes: Number((total / 60).toFixed(2)),
    export: { train: info.splits.train, dev: info.splits.dev, test: info.splits.test },
    fineTune: { seconds: Number(ft.seconds.toFixed(1)), teamMinutes: Number((lineage.trainingSeconds / 60).toFixed(2)), synthMinutes: Number((lineage.synthSeconds / 60).toFixed(2)), steps: lineage.steps, bestStep: lineage.bestStep, device: lineage.device, epochs: Number(values.epochs), synthShare: Number(values['synth-share']), lr: Number(values.lr) },
    parent: { model: `${lineage.parent.id}@${lineage.parent.version}`, ...parent },
    finetuned: { model: ref, ...tuned },
    serverComparison: { split: comparison.split ?? null, transcripts: comparison.transcripts, current: { wer: row('current').wer, cer: row('current').cer }, candidate: { wer: row('candidate').wer, cer: row('candidate').cer } },
    generalWerChange: generalChange,
    margin: MARGIN,
    marginHeld: held,
    decoding: "the bundle's word LM (base) as the server decodes, and greedy (no LM) for the domain set; text normalised by normalizeForScoring; domain terms: reference words of 4+ letters absent from the recipe's general training text",
    wallSeconds: Number(((performance.now() - t0) / 1000).toFixed(0)),
  };
  console.log('');
  console.log(`| held-out test recordings (${testClips.length}, ${(testClips.reduce((s, c) => s + c.seconds, 0) / 60).toFixed(1)} min) | parent | fine-tuned |`);
  console.log('|---|---:|---:|');
  console.log(`| domain WER (decoded here) | ${pct(parent.domainWer)} | ${pct(tuned.domainWer)} |`);
  console.log(`| domain-term recall (${parent.terms} term occurrences) | ${pct(parent.termRecall)} | ${pct(tuned.termRecall)} |`);
  console.log(`| domain WER, no LM (greedy) | ${pct(parent.domainWerGreedy)} | ${pct(tuned.domainWerGreedy)} |`);
  console.log(`| domain-term recall, no LM (greedy) | ${pct(parent.termRecallGreedy)} | ${pct(tuned.termRecallGreedy)} |`);
  console.log(`| domain WER (server comparison, test split) | ${pct(row('current').wer)} | ${pct(row('candidate').wer)} |`);
  console.log(`| general-English WER (test_clean, ${general.length} utterances) | ${pct(parent.generalWer)} | ${pct(tuned.generalWer)} |`);
  console.log('');
  console.log(`fine-tuning: ${(ft.seconds / 60).toFixed(1)} min on ${lineage.device} (2 threads) for ${report.fineTune.teamMinutes} min of the team's audio + ${report.fineTune.synthMinutes} min synthetic, ${lineage.steps} steps (best ${lineage.bestStep})`);
  console.log(`margin: general-English WER may rise by at most ${(MARGIN * 100).toFixed(1)} points: ${generalChange === null ? 'not measured' : `${(generalChange * 100).toFixed(2)} points, ${held ? 'held' : 'NOT held'}`}`);
  console.log(`BENCH ${JSON.stringify({ name: 'eval:finetune', minutes: report.audioMinutes, domainWer: [parent.domainWer, tuned.domainWer], termRecall: [parent.termRecall, tuned.termRecall], termRecallGreedy: [parent.termRecallGreedy, tuned.termRecallGreedy], generalWer: [parent.generalWer, tuned.generalWer], serverWer: [row('current').wer, row('candidate').wer], fineTuneSeconds: report.fineTune.seconds, marginHeld: held })}`);
  writeFileSync(values.out!, `${JSON.stringify(report, null, 1)}\n`);
  say(`wrote ${values.out}`);
} finally {
  await flow.server.stop();
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
