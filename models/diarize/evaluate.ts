// `npm run eval:diarize` (part of `npm run eval`): speaker diarization on the recipe's synthetic conversations
// (recipe/verbatim_recipe/diarize/conversations.py: 1-4 people, overlaps, back-channels). Each conversation is
// recognised (greedy) while SpeakerCollector is fed the
// same blocks, as the worker does; then DER with a 0.25 s collar (automatic count and the true count given), the
// speaker-count accuracy, and diarization time over recognition time.
//   node diarize/evaluate.ts [--bundle verbatim-en-char-v1] [--data recipe/work/diarize] [--set test]
//                            [--out <bundle>/diarize-eval.json] [--sweep thresholds] [--embedder lda|statistics]
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectionEmbedder, SpeakerCollector, statisticsEmbedder, transcribeStream, type SpeakerEmbedder } from '@verbatim/asr';
import { loadAcousticModel, loadModelBundle, openAudio } from '@verbatim/asr/node';
import { segmentWords, type Segment, type Word } from '@verbatim/core';
import { cliArgs } from '../lm/cliArgs.ts';
import { diarizationError, type SpeakerSpan } from './der.ts';

const here = import.meta.dirname;
const USAGE = 'usage: node diarize/evaluate.ts [--bundle <dir>] [--data <conversations dir>] [--set test|tune] [--out <file>] [--sweep t1,t2,…] [--embedder lda|statistics]';
const args = cliArgs(process.argv.slice(2), { bundle: join(here, '..', 'verbatim-en-char-v1'), data: join(here, '..', 'recipe', 'work', 'diarize'), set: 'test', out: '', sweep: '', embedder: 'lda' }, USAGE);
const RENDER = 'cd models/recipe && python3 -m verbatim_recipe.diarize.conversations';

interface Reference {
  id: string;
  duration: number;
  speakers: { name: string; voice: string }[];
  turns: { speaker: string; start: number; end: number; kind: 'turn' | 'backchannel' }[];
}
interface Recognised {
  modelSha256: string;
  words: Word[];
  recognitionMs: number;
}

const dir = join(resolve(args.data), args.set);
if (!existsSync(dir)) {
  console.error(`eval:diarize: no conversations in ${dir}; render them with:\n  ${RENDER}`);
  process.exit(2);
}
const ids = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.words.json')).map((f) => f.slice(0, -5)).sort();
const bundle = await loadModelBundle(resolve(args.bundle));
let model: Awaited<ReturnType<typeof loadAcousticModel>> | undefined;

async function blocksOf(id: string): Promise<Float32Array[]> {
  const audio = await openAudio(join(dir, `${id}.wav`), { sampleRate: bundle.sampleRate });
  const blocks: Float32Array[] = [];
  try {
    for await (const b of audio.blocks()) blocks.push(b);
  } finally {
    await audio.dispose();
  }
  return blocks;
}

async function recognise(id: string, blocks: Float32Array[]): Promise<Recognised> {
  const cache = join(dir, `${id}.words.json`);
  // a sweep reuses the words; a measurement recognises again, so both costs are timed under the same load
  if (args.sweep && existsSync(cache)) {
    const cached = JSON.parse(readFileSync(cache, 'utf8')) as Recognised;
    if (cached.modelSha256 === bundle.modelHash) return cached;
  }
  // one thread, as the diarizer runs on one: the cost ratio compares like with like
  model ??= await loadAcousticModel(bundle, { intraOpNumThreads: 1 });
  const t0 = performance.now();
  const { words } = await transcribeStream(blocks, bundle, model, { decoder: 'greedy' });
  const result = { modelSha256: bundle.modelHash, words, recognitionMs: performance.now() - t0 };
  writeFileSync(cache, JSON.stringify(result));
  return result;
}

function spans(segments: readonly Segment[]): SpeakerSpan[] {
  return segments.map((s) => ({ speaker: s.speaker ?? '?', start: s.start, end: s.end }));
}

interface Row {
  id: string;
  people: number;
  found: number;
  der: number;
  derKnownCount: number;
  missed: number;
  falseAlarm: number;
  confusion: number;
  audioSeconds: number;
  recognitionMs: number;
  diarizationMs: number;
}

function embedderFor(threshold?: number): SpeakerEmbedder {
  const options = threshold === undefined ? {} : { threshold };
  if (args.embedder === 'statistics') return statisticsEmbedder(options);
  if (args.embedder === 'lda') return projectionEmbedder(options);
  console.error(`eval:diarize: unknown --embedder ${args.embedder} (lda or statistics)`);
  process.exit(2);
}

async function evaluate(embedder: SpeakerEmbedder, quiet: boolean): Promise<Row[]> {
  const rows: Row[] = [];
  for (const id of ids) {
    const ref = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as Reference;
    const blocks = await blocksOf(id);
    const { words, recognitionMs } = await recognise(id, blocks);
    const t0 = performance.now();
    const collector = new SpeakerCollector(bundle.sampleRate, { embedder });
    for (const b of blocks) collector.push(b);
    const segments = segmentWords(words);
    const auto = collector.assign(segments, 'auto');
    const diarizationMs = performance.now() - t0;
    const known = collector.assign(segments, ref.speakers.length);
    const reference = ref.turns.map((t) => ({ speaker: t.speaker, start: t.start, end: t.end }));
    const a = diarizationError(reference, spans(auto.segments));
    const k = diarizationError(reference, spans(known.segments));
    const row = { id, people: ref.speakers.length, found: auto.speakers, der: a.der, derKnownCount: k.der, missed: a.missed, falseAlarm: a.falseAlarm, confusion: a.confusion, audioSeconds: ref.duration, recognitionMs, diarizationMs };
    rows.push(row);
    if (!quiet) console.log(`eval:diarize: ${id.padEnd(12)} people ${row.people} found ${row.found}  DER ${pct(row.der)} (miss ${pct(row.missed)}, fa ${pct(row.falseAlarm)}, conf ${pct(row.confusion)})  DER given N ${pct(row.derKnownCount)}  ${(diarizationMs / recognitionMs).toFixed(3)}x recognition`);
  }
  return rows;
}

function summary(rows: readonly Row[]) {
  // DER pooled over conversations by scored time is close to the mean here (similar lengths); report the mean
  const mean = (f: (r: Row) => number, of = rows) => of.reduce((n, r) => n + f(r), 0) / Math.max(1, of.length);
  const multi = rows.filter((r) => r.people > 1);
  return {
    conversations: rows.length,
    audioSeconds: Math.round(rows.reduce((n, r) => n + r.audioSeconds, 0)),
    der: mean((r) => r.der, multi),
    derKnownCount: mean((r) => r.derKnownCount, multi),
    missed: mean((r) => r.missed, multi),
    falseAlarm: mean((r) => r.falseAlarm, multi),
    confusion: mean((r) => r.confusion, multi),
    countAccuracy: rows.filter((r) => r.found === r.people).length / rows.length,
    singleSpeakerInvented: rows.filter((r) => r.people === 1 && r.found > 1).length,
    costRatio: rows.reduce((n, r) => n + r.diarizationMs, 0) / rows.reduce((n, r) => n + r.recognitionMs, 0),
    byPeople: [1, 2, 3, 4].map((p) => {
      const of = rows.filter((r) => r.people === p);
      return { people: p, conversations: of.length, der: mean((r) => r.der, of), countAccuracy: of.filter((r) => r.found === p).length / Math.max(1, of.length) };
    }),
  };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`.padStart(6);
}

if (args.sweep) {
  for (const threshold of args.sweep.split(',').map(Number)) {
    const s = summary(await evaluate(embedderFor(threshold), true));
    console.log(`eval:diarize: threshold ${threshold}: DER ${pct(s.der)} (given N ${pct(s.derKnownCount)}), count accuracy ${pct(s.countAccuracy)}, ${s.byPeople.map((b) => `${b.people}p ${pct(b.countAccuracy)}`).join(' ')}`);
  }
  process.exit(0);
}

const embedder = embedderFor();
const rows = await evaluate(embedder, false);
const s = summary(rows);
console.log(
  `eval:diarize: ${args.set}: ${s.conversations} conversations (${Math.round(s.audioSeconds / 60)} min): DER ${pct(s.der)} with a 0.25 s collar (missed ${pct(s.missed)}, false alarm ${pct(s.falseAlarm)}, confusion ${pct(s.confusion)}); ` +
    `given the number of speakers ${pct(s.derKnownCount)}; speaker count right ${pct(s.countAccuracy)}; cost ${(100 * s.costRatio).toFixed(1)}% of recognition`,
);
// bad input: no invented speakers where nobody speaks (the words are whatever recognition makes of it)
const badInput: { input: string; words: number; speakers: number; askedThree: number; note?: string }[] = [];
for (const [input, samples] of Object.entries(nonSpeech(bundle.sampleRate, 30))) {
  model ??= await loadAcousticModel(bundle, { intraOpNumThreads: 1 });
  const collector = new SpeakerCollector(bundle.sampleRate, { embedder });
  collector.push(samples);
  const { words } = await transcribeStream([samples], bundle, model, { decoder: 'greedy' });
  const auto = collector.assign(segmentWords(words), 'auto');
  const three = collector.assign(segmentWords(words), 3);
  badInput.push({ input, words: words.length, speakers: auto.speakers, askedThree: three.speakers, ...(three.note === undefined ? {} : { note: three.note }) });
  console.log(`eval:diarize: ${input.padEnd(12)} ${words.length} words recognised, ${auto.speakers} speaker(s); asked for 3: ${three.speakers}${three.note ? ` (${three.note})` : ''}`);
}

if (args.set === 'test') {
  const out = args.out || join(resolve(args.bundle), 'diarize-eval.json');
  const report = {
    about: 'Speaker diarization (SpeakerCollector) on synthetic conversations of voices never used for tuning (models/recipe/verbatim_recipe/diarize/conversations.py); npm run eval:diarize. DER and its parts are means over the multi-speaker conversations, collar 0.25 s, overlap scored.',
    embedder: embedder.id,
    threshold: embedder.threshold,
    collarSeconds: 0.25,
    ...s,
    conversationCount: s.conversations,
    badInput,
    conversations: rows.map((r) => ({ ...r, recognitionMs: Math.round(r.recognitionMs), diarizationMs: Math.round(r.diarizationMs) })),
  };
  writeFileSync(`${out}.partial`, `${JSON.stringify(report, null, 1)}\n`);
  renameSync(`${out}.partial`, out);
  console.log(`eval:diarize: wrote ${out}`);
}
await model?.dispose();

// 30 s of signals with no speech: digital silence, white noise, and "music" (plucked harmonic chords, a new one every
// half second, with tremolo), seeded
function nonSpeech(rate: number, seconds: number): Record<string, Float32Array> {
  const n = rate * seconds;
  let seed = 19;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  const noise = Float32Array.from({ length: n }, () => 0.2 * (rnd() - 0.5));
  const music = new Float32Array(n);
  const chords = [[130.8, 164.8, 196], [110, 130.8, 164.8], [146.8, 174.6, 220], [98, 123.5, 146.8]];
  const step = rate / 2;
  for (let i = 0; i < n; i++) {
    const chord = chords[Math.floor(i / step) % chords.length]!;
    const t = (i % step) / rate;
    let v = 0;
    for (const f of chord) for (let h = 1; h <= 4; h++) v += Math.sin((2 * Math.PI * f * h * i) / rate) / h;
    music[i] = 0.08 * v * Math.exp(-3 * t) * (1 + 0.3 * Math.sin((2 * Math.PI * 3 * i) / rate));
  }
  return { silence: new Float32Array(n), noise, music };
}
