// `npm run eval:punct` (also the last section of `npm run eval`): punctuation and truecasing on the held-out sentences'
// transcripts. The recipe's test sets (test_clean, test_noisy, test_unseen_voices) are decoded greedily from the cached
// log-probs; every 5 consecutive utterances of a set make one transcript (one recording with 0.6 s of silence between
// them, so sentence ends between them count), which the bundle's punctuation model writes as the transcription worker
// does, with its pauseBias and without (the words alone). Marks and casing are scored on the words the
// recogniser got right (aligned to the reference), against the sentences' punctuated source text (written by recipe
// stage 9 into work/punct/asr_refs.json: only sentences of held-out documents). The same is done on the reference
// words themselves (the model alone, no recognition errors). Then the cost: a ~3-minute recording transcribed by the
// worker pool on one thread, punctuation's milliseconds against recognition's.
//   node lm/evaluatePunctuation.ts [--bundle verbatim-en-char-v1] [--work recipe/work] [--out <bundle>/punct-eval.json]
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { alignWords } from '@verbatim/core';
import { greedySearch, Punctuator, type Word, wordsFromHypothesis } from '@verbatim/asr';
import { decodeAudioFile, loadModelBundle, loadPunctuator, onnxRuntimeNode, TranscriberPool } from '@verbatim/asr/node';
import { cliArgs } from './cliArgs.ts';
import { GENERAL_SETS, loadSet, manifestPath, RECIPE_WORK } from './evalSets.ts';

const here = import.meta.dirname;
const USAGE = 'usage: node lm/evaluatePunctuation.ts [--bundle <dir>] [--work <recipe work dir>] [--out <file>]';
const args = cliArgs(process.argv.slice(2), { bundle: join(here, '..', 'verbatim-en-char-v1'), work: RECIPE_WORK, out: '' }, USAGE);
const MARKS = [',', '.', '?', '!'] as const;
const GROUP = 5;

const dir = resolve(args.bundle);
const bundle = await loadModelBundle(dir);
const punctuator = await loadPunctuator(bundle, { intraOpNumThreads: 1 });
if (!punctuator) {
  console.error(`eval:punct: bundle ${dir} has no punctuation model (model.json "punctuation"); build one with: npm run model:train -- --stage 9 --stop-stage 9`);
  process.exit(2);
}
const refsPath = join(args.work, 'punct', 'asr_refs.json');
if (!existsSync(refsPath)) {
  console.error(`eval:punct: ${refsPath} is missing; recipe stage 9 writes it: npm run model:train -- --stage 9 --stop-stage 9`);
  process.exit(2);
}
// spoken sentence -> its words as [spoken, mark id, case id, mixed form]
const refs = JSON.parse(readFileSync(refsPath, 'utf8')) as Record<string, [string, number, number, string][]>;
const MARK_OF = ['', ',', '.', '?', '!'];

interface RefWord { spoken: string; mark: string; written: string }
const writtenOf = ([w, , c, mixed]: [string, number, number, string]): string => (c === 0 ? w : c === 1 ? w[0]!.toUpperCase() + w.slice(1) : c === 2 ? w.toUpperCase() : mixed);

class Tally {
  readonly counts = new Map<string, { tp: number; fp: number; fn: number }>(MARKS.map((m) => [m, { tp: 0, fp: 0, fn: 0 }]));
  cased = 0;
  lowerRight = 0;
  words = 0;
  add(ref: RefWord, hyp: string): void {
    const mark = /[.,?!]$/u.test(hyp) ? hyp.slice(-1) : '';
    const text = mark === '' ? hyp : hyp.slice(0, -1);
    this.words += 1;
    if (text === ref.written) this.cased += 1;
    if (ref.spoken === ref.written) this.lowerRight += 1;
    for (const m of MARKS) {
      const c = this.counts.get(m)!;
      if (ref.mark === m && mark === m) c.tp += 1;
      else if (mark === m) c.fp += 1;
      else if (ref.mark === m) c.fn += 1;
    }
  }
  result() {
    const marks = Object.fromEntries([...this.counts].map(([m, c]) => {
      const p = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
      const r = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
      return [m, { precision: round(p), recall: round(r), f1: round(p + r === 0 ? 0 : (2 * p * r) / (p + r)), support: c.tp + c.fn }];
    }));
    // lowerCaseBaseline: the share a transcript left in lower case would have right
    return { words: this.words, marks, casingAccuracy: round(this.cased / Math.max(1, this.words)), lowerCaseBaseline: round(this.lowerRight / Math.max(1, this.words)) };
  }
}
const round = (x: number) => Math.round(x * 10000) / 10000;
// text alone: back to back, no pauses
const asWords = (texts: string[]): Word[] => texts.map((text, i) => ({ text, start: i, end: i + 1, confidence: 1 }));

const onTranscripts = new Tally();
const onTranscriptsTextOnly = new Tally();
const GAP_SECONDS = 0.6;
// the same tagger without the pauses (pauseBias 0): what the words alone give
const withoutPauses = await Punctuator.create({ ...punctuator.config, pauseBias: 0 }, resolve(dir, punctuator.config.file), onnxRuntimeNode, { intraOpNumThreads: 1 });
const onReferences = new Tally();
let utterances = 0;
let transcripts = 0;
for (const set of GENERAL_SETS) {
  const utts = (await loadSet(bundle, args.work, set)).filter((u) => refs[u.text] !== undefined);
  for (let g = 0; g < utts.length; g += GROUP) {
    const group = utts.slice(g, g + GROUP);
    const ref: RefWord[] = group.flatMap((u) => refs[u.text]!.map((r) => ({ spoken: r[0], mark: MARK_OF[r[1]]!, written: writtenOf(r) })));
    // one recording: the utterances one after another with 0.6 s of silence between them (as a sox pad would)
    let at = 0;
    const hypWords = group.flatMap((u) => {
      const hyp = greedySearch(u.lp, bundle.blankId);
      const words = hyp ? wordsFromHypothesis(hyp, u.lp, bundle).map((w) => ({ ...w, start: w.start + at, end: w.end + at })) : [];
      at += u.duration + GAP_SECONDS;
      return words;
    });
    const written = await punctuator.punctuate(hypWords);
    const textOnly = await withoutPauses.punctuate(hypWords);
    for (const op of alignWords(ref.map((r) => r.spoken), hypWords.map((w) => w.text))) {
      if (op.op === 'match') {
        onTranscripts.add(ref[op.ref]!, written[op.hyp]!.text);
        onTranscriptsTextOnly.add(ref[op.ref]!, textOnly[op.hyp]!.text);
      }
    }
    const fromRef = await punctuator.punctuate(asWords(ref.map((r) => r.spoken)));
    ref.forEach((r, i) => onReferences.add(r, fromRef[i]!.text));
    utterances += group.length;
    transcripts += 1;
  }
}
console.log(`eval:punct: ${utterances} held-out sentences in ${transcripts} transcripts of ${GROUP}`);
const show = (name: string, r: ReturnType<Tally['result']>) =>
  console.log(`eval:punct: ${name.padEnd(34)} ${MARKS.map((m) => `'${m}' F1 ${r.marks[m]!.f1.toFixed(3)} (${r.marks[m]!.support})`).join('  ')}  casing ${(100 * r.casingAccuracy).toFixed(1)}% of ${r.words} words (all lower case: ${(100 * r.lowerCaseBaseline).toFixed(1)}%)`);
const transcriptResult = onTranscripts.result();
const referenceResult = onReferences.result();
show(`transcripts (pauseBias ${punctuator.config.pauseBias})`, transcriptResult);
const textOnlyResult = onTranscriptsTextOnly.result();
show('transcripts (words only, no pauses)', textOnlyResult);
show('reference words of the same', referenceResult);

// cost: punctuation against recognition, the worker pool on one thread, a ~3-minute recording of test_clean sentences
const lines = readFileSync(manifestPath(args.work, 'test_clean'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { audio_filepath: string });
const pieces: Float32Array[] = [];
let total = 0;
for (const l of lines) {
  if (total > 180 * bundle.sampleRate) break;
  const s = await decodeAudioFile(l.audio_filepath, { sampleRate: bundle.sampleRate });
  pieces.push(s, new Float32Array(Math.round(0.4 * bundle.sampleRate)));
  total += s.length + Math.round(0.4 * bundle.sampleRate);
}
const tmp = mkdtempSync(join(tmpdir(), 'verbatim-punct-eval-'));
const wav = join(tmp, 'long.wav');
writeWav(wav, pieces, total, bundle.sampleRate);
const pool = new TranscriberPool({ bundleDir: dir, workers: 1, threadsPerWorker: 1 });
let cost;
try {
  await pool.transcribeFile(wav, { decoder: 'greedy', speakers: 'off' }); // warm-up: sessions and caches
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await pool.transcribeFile(wav, { decoder: 'greedy', speakers: 'off' }));
  const best = runs.reduce((a, b) => (b.timings.totalMs < a.timings.totalMs ? b : a));
  const punctMs = Math.min(...runs.map((r) => r.notes.punctuationMs));
  cost = { audioSeconds: round(best.duration), words: best.words.length, recognitionMs: Math.round(best.timings.totalMs), punctuationMs: punctMs, ratio: round(punctMs / best.timings.totalMs), threads: 1, decoder: 'greedy' };
  console.log(`eval:punct: cost on ${best.duration.toFixed(0)} s of audio (${best.words.length} words, 1 thread): recognition ${cost.recognitionMs} ms, punctuation ${punctMs} ms = ${(100 * cost.ratio).toFixed(1)}% of recognition`);
} finally {
  await pool.dispose();
  await punctuator.dispose();
  await withoutPauses.dispose();
  rmSync(tmp, { recursive: true, force: true });
}

const out = args.out || join(dir, 'punct-eval.json');
const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
writeFileSync(out, `${JSON.stringify({ ...previous, transcripts: { sets: [...GENERAL_SETS], sentences: utterances, transcriptOf: GROUP, decoder: 'greedy', gapSeconds: GAP_SECONDS, pauseBias: punctuator.config.pauseBias, onMatchedWords: transcriptResult, onMatchedWordsWithoutPauses: textOnlyResult, onReferenceWords: referenceResult }, cost }, null, 1)}\n`);
console.log(`eval:punct: wrote ${out}`);

function writeWav(path: string, blocks: Float32Array[], samples: number, rate: number): void {
  const buf = Buffer.alloc(44 + 2 * samples);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + 2 * samples, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(2 * rate, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(2 * samples, 40);
  let at = 44;
  for (const b of blocks) for (const x of b) (buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(x * 32767))), at), (at += 2));
  writeFileSync(path, buf);
}
