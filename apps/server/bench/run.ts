// `npm run bench`: server memory during a large streamed upload, and transcript read latency while transcription
// runs, each against a baseline measured in the same run; and transcription throughput with one and two worker
// processes on PostgreSQL and on SQLite (`throughput.ts`). Figures come as min / median / max over --runs runs (the
// latency windows alternate idle-first and loaded-first), with the machine's load printed beside them. Prints a report
// and writes bench/results.json; targets are printed beside the numbers and never fail the run.
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseByteSize } from '../src/config/parseByteSize.ts';
import { describeSpread, formatSpread, machineLoad, MIN_RUNS, type Spread, spreadOf } from '../../../tests/bench/alternatingRuns.ts';
import type { Percentiles } from './percentiles.ts';
import { measureReadLatency, type LatencyResult, type LatencyWindow } from './readLatency.ts';
import { mb, measureUploadMemory, type UploadMemoryResult } from './uploadMemory.ts';
import { measureBombLatency, type BombResult } from './decompressionBomb.ts';
import { measureHostileClients, type HostileResult, type HostileWindow } from './hostileClients.ts';
import { measureSyncSize, type SyncSizeResult } from './syncSize.ts';
import { measureThroughput, reportThroughput, type ThroughputResult } from './throughput.ts';

const USAGE = `Usage: node bench/run.ts [--quick] [--size 1G] [--concurrency 8] [--seconds 10] [--jobs 3] [--workers 2]
                         [--speech-seconds 150] [--only upload|latency|bomb|hostile|sync|throughput] [--long-hours 3] [--words 30000] [--peers 20]
                         [--runs 3] [--interview-words 12000] [--throughput-jobs 60] [--pickups 8]
  --quick   100 MiB upload, 4 s windows, 1 job at a time on 60 s of speech (a smoke run)
  --runs    repetitions of the upload and of each latency window (idle and loaded alternate which goes first); at least 3
  --interview-words  words in the transcript read in the latency benchmark (default 12000: a 60-90-minute interview)
  --long-hours  length of the legitimate recording uploaded in the bomb benchmark (default 3, quick 1)
  --words   words in the transcript hostile collaborators work on (default 30000); --peers: peers in its room (default 20, quick 10)
  --sync-words  words in the transcript whose initial sync is measured, compressed and plain (default 32000)
  --throughput-jobs  jobs in each burst of the throughput benchmark (default 60, quick 10); --pickups: jobs run one at
            a time on an idle queue for its queue latency (default 8, quick 3)
  VERBATIM_BUNDLE   the model bundle (default: models/verbatim-en-char-v1)`;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    size: { type: 'string' },
    concurrency: { type: 'string' },
    seconds: { type: 'string' },
    jobs: { type: 'string' },
    workers: { type: 'string' },
    'speech-seconds': { type: 'string' },
    'long-hours': { type: 'string' },
    words: { type: 'string' },
    peers: { type: 'string' },
    runs: { type: 'string' },
    'interview-words': { type: 'string' },
    'sync-words': { type: 'string' },
    'throughput-jobs': { type: 'string' },
    pickups: { type: 'string' },
    only: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const quick = values.quick;
const sizeText = values.size ?? (quick ? '100M' : '1G');
const uploadBytes = parseSize(sizeText);
const count = (text: string | undefined, fallback: number) => {
  const n = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(n) || n < 1) fail(`expected a positive whole number, got ${JSON.stringify(text)}`);
  return n;
};
const latencyOptions = {
  bundle: process.env['VERBATIM_BUNDLE'] ?? resolve(import.meta.dirname, '../../../models/verbatim-en-char-v1'),
  concurrency: count(values.concurrency, 8),
  seconds: count(values.seconds, quick ? 4 : 10),
  jobs: count(values.jobs, quick ? 1 : 3),
  workers: count(values.workers, quick ? 1 : 2),
  speechSeconds: count(values['speech-seconds'], quick ? 60 : 150),
  words: count(values['interview-words'], 12_000),
  runs: count(values.runs, MIN_RUNS),
};
if (latencyOptions.runs < MIN_RUNS) fail(`--runs must be at least ${MIN_RUNS}: one or two runs give no spread`);
// the hostile-clients benchmark runs no recognition: it needs no model
if (values.only !== 'hostile' && values.only !== 'sync' && !existsSync(join(latencyOptions.bundle, 'model.json'))) fail(`no model bundle at ${latencyOptions.bundle}: set VERBATIM_BUNDLE`);
const ONLY = ['upload', 'latency', 'bomb', 'hostile', 'sync', 'throughput'];
if (values.only !== undefined && !ONLY.includes(values.only)) fail(`--only takes ${ONLY.join(', ')}`);
const runs = (name: string) => values.only === undefined || values.only === name;

function fail(message: string): never {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseSize(text: string): number {
  // accept the shell-friendly `100M` / `1G` as well as the server's own `100MiB`
  const normalised = /^\s*\d+(\.\d+)?\s*[kKmMgG]\s*$/.test(text) ? `${text.trim()}iB` : text;
  const bytes = parseByteSize(normalised);
  if (bytes === undefined || bytes < 1) fail(`--size: cannot read ${JSON.stringify(text)} as a size (e.g. 100M, 1G)`);
  return bytes;
}

const log = (line: string) => console.log(line);
const ms = (n: number) => `${n.toFixed(1)} ms`;
const x = (n: number) => `${n.toFixed(2)}×`;

log(`Verbatim server benchmarks (${quick ? 'quick' : 'full'}) — ${cpus().length} CPUs, ${mb(totalmem())} RAM, node ${process.version}`);
log(`model bundle: ${latencyOptions.bundle}; ${machineLoad()} at the start (a busy machine widens the spread)\n`);

let upload: UploadMemoryResult[] | undefined;
if (runs('upload')) {
  log(`1. Server memory while uploading ${mb(uploadBytes)} (streamed multipart WAV), ${latencyOptions.runs} runs, a fresh server each (${machineLoad()})`);
  upload = [];
  for (let run = 0; run < latencyOptions.runs; run++) upload.push(await measureUploadMemory(latencyOptions.bundle, uploadBytes, log));
  const across = (f: (u: UploadMemoryResult) => number) => spreadOf(upload!.map(f));
  log(`  idle RSS            ${formatSpread(across((u) => u.idleRss), mb)}   (min / median / max)`);
  log(`  peak RSS in upload  ${formatSpread(across((u) => u.uploadPeakRss), mb)}   growth ${formatSpread(across((u) => u.growth), mb)}, ${formatSpread(across((u) => u.ratio), x)} idle   target: idle + tens of MB`);
  for (const [i, u] of upload.entries()) log(`  run ${i + 1}: peak RSS by share sent  ${u.rssBySent.map((r) => `${(r.sentShare * 100).toFixed(0)}%: ${mb(r.rss)}`).join(', ')}; after: ${mb(u.rssAfter)}`);
  log(`  request time        ${formatSpread(across((u) => u.requestMs / 1000), (n) => `${n.toFixed(1)} s`)} (${formatSpread(across((u) => u.throughputMBps), (n) => n.toFixed(0))} MiB/s, includes the server's peaks pass)\n`);
}

let latency: LatencyResult | undefined;
if (runs('latency')) {
  log(`2. Transcript read latency, ${latencyOptions.concurrency} concurrent clients, idle vs while transcribing, ${latencyOptions.runs} runs of each (${machineLoad()})`);
  latency = await measureReadLatency(latencyOptions, log);
  const row = (name: string, w: LatencyWindow) =>
    `  ${name.padEnd(10)} read p50 ${ms(w.read.p50)} p95 ${ms(w.read.p95)} p99 ${ms(w.read.p99)} | export p50 ${ms(w.export.p50)} p95 ${ms(w.export.p95)} p99 ${ms(w.export.p99)} | ${w.requestsPerSecond.toFixed(0)} req/s, ${w.errors} errors`;
  for (const [i, order] of latency.orders.entries()) {
    log(`  run ${i + 1} (${order.join(' first, then ')})`);
    log(row('idle', latency.idle[i]!));
    log(row('loaded', latency.loaded[i]!));
  }
  const spreadRow = (name: string, r: LatencyResult['readRatio']) => `  ${name.padEnd(12)} p50 ${formatSpread(r.p50, x)}   p95 ${formatSpread(r.p95, x)}   p99 ${formatSpread(r.p99, x)}`;
  log('  loaded / idle, min / median / max over the runs:');
  log(spreadRow('read', latency.readRatio));
  log(spreadRow('export', latency.exportRatio));
  log(`  read p95    idle ${formatSpread(spreadOf(latency.idle.map((w) => w.read.p95)), ms)}, loaded ${formatSpread(spreadOf(latency.loaded.map((w) => w.read.p95)), ms)}   target: p95 ratio ≤ 2× (median ${describeSpread(latency.readRatio.p95, x)})`);
  log(`  load     a job was running in ${latency.busyShare.map((b) => `${(b * 100).toFixed(0)}%`).join(' / ')} of polls of the loaded windows; ${latency.jobsFinished} job(s) finished in them`);
  log('');
}

let bomb: BombResult[] | undefined;
if (runs('bomb')) {
  const bombOptions = { bundle: latencyOptions.bundle, seconds: latencyOptions.seconds, longHours: count(values['long-hours'], quick ? 1 : 3) };
  log(`3. /healthz latency idle, while decompression bombs are refused, and while a ${bombOptions.longHours} h recording is uploaded and analysed; ${latencyOptions.runs} runs, a fresh server each, idle window first in each`);
  const bombRuns: BombResult[] = [];
  for (let run = 0; run < latencyOptions.runs; run++) {
    log(`  run ${run + 1} of ${latencyOptions.runs} (${machineLoad()})`);
    const bomb = await measureBombLatency(bombOptions, log);
    bombRuns.push(bomb);
    const row = (name: string, h: Percentiles, extra: string) => `  ${name.padEnd(12)} healthz p50 ${ms(h.p50)} p95 ${ms(h.p95)} p99 ${ms(h.p99)} max ${ms(h.max)} (${h.count} polls)${extra}`;
    log(row('idle', bomb.idle.healthz, ''));
    log(row('bombs', bomb.bombs.healthz, `   ratio p50 ${x(bomb.bombRatio.p50)} p95 ${x(bomb.bombRatio.p95)} p99 ${x(bomb.bombRatio.p99)}`));
    for (const r of bomb.bombs.refused) {
      log(`    ${r.kind.padEnd(24)} ${(r.bytes / 1024).toFixed(0)} KiB × ${r.count}: ${Object.entries(r.statuses).map(([k, n]) => `${k} ×${n}`).join(', ')}; answered in p50 ${ms(r.answerMs.p50)}, max ${ms(r.answerMs.max)}`);
    }
    log(row('long upload', bomb.longUpload.healthz, `   ratio p50 ${x(bomb.longRatio.p50)} p95 ${x(bomb.longRatio.p95)} p99 ${x(bomb.longRatio.p99)}`));
    log(`    ${bomb.longUpload.audioSeconds / 3600} h, ${mb(bomb.longUpload.bytes)}: ${bomb.longUpload.status} in ${(bomb.longUpload.requestMs / 1000).toFixed(1)} s   target: p95 ratio ≤ 2× (decoding runs in a worker thread)`);
    const summary = {
      bench: 'decompressionBomb',
      idle: bomb.idle.healthz,
      bombs: { healthz: bomb.bombs.healthz, ratio: bomb.bombRatio, refused: bomb.bombs.refused },
      longUpload: { healthz: bomb.longUpload.healthz, ratio: bomb.longRatio, hours: bomb.longUpload.audioSeconds / 3600, bytes: bomb.longUpload.bytes, requestMs: bomb.longUpload.requestMs },
    };
    log(`BENCH ${JSON.stringify(summary)}`);
  }
  bomb = bombRuns;
  const p95 = (f: (b: BombResult) => number) => formatSpread(spreadOf(bombRuns.map(f)), x);
  log(`  healthz p95 / idle, min / median / max over the runs: bombs ${p95((b) => b.bombRatio.p95)}, long upload ${p95((b) => b.longRatio.p95)}`);
  log('');
}

let hostile: HostileResult[] | undefined;
if (runs('hostile')) {
  const hostileOptions = { words: count(values.words, 30_000), seconds: latencyOptions.seconds, peers: count(values.peers, quick ? 10 : 20) };
  log(`4. /healthz latency while hostile collaborators work on one ${hostileOptions.words}-word transcript; ${latencyOptions.runs} runs, a fresh server each, the windows in the same order each run (an attack leaves state behind)`);
  const hostileRuns: HostileResult[] = [];
  for (let run = 0; run < latencyOptions.runs; run++) {
    log(`  run ${run + 1} of ${latencyOptions.runs} (${machineLoad()})`);
    const hostile = await measureHostileClients(hostileOptions, log);
    hostileRuns.push(hostile);
    const base = hostile.idle.healthz;
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    const row = (name: string, w: HostileWindow) =>
      `  ${name.padEnd(14)} healthz p50 ${ms(w.healthz.p50)} p95 ${ms(w.healthz.p95)} p99 ${ms(w.healthz.p99)} (${x(w.healthz.p50 / base.p50)} / ${x(w.healthz.p95 / base.p95)} / ${x(w.healthz.p99 / base.p99)} idle) | server CPU ${w.serverCpuSeconds.toFixed(2)} s | peak RSS ${mib(w.peakRss)} | ${w.errors} errors`;
    log(row('idle', hostile.idle));
    log(row('review spam', hostile.reviewSpam));
    log(`    ${hostile.reviewSpam.marksSent} marks sent, ${hostile.reviewSpam.wordsMarked} words carry them; closed with ${hostile.reviewSpam.closedWith ?? 'nothing (stayed open)'}`);
    log(row('sync-1 spam', hostile.syncSpam));
    log(`    ${hostile.syncSpam.connections} connections (${hostile.syncSpam.upgradesRefused} more refused), ${hostile.syncSpam.requestsSent} requests, ${mib(hostile.syncSpam.bytesReceived)} received; closed with ${[...new Set(hostile.syncSpam.closedWith)].join(', ') || 'nothing'}`);
    log(row('presence flood', hostile.presenceFlood));
    log(`    ${hostile.presenceFlood.messagesSent} presence messages, ${mib(hostile.presenceFlood.bytesPerPeer)} relayed to each of ${hostile.presenceFlood.peers} peers; closed with ${hostile.presenceFlood.closedWith ?? 'nothing (stayed open)'}`);
    const ratio = (w: HostileWindow) => ({ p50: w.healthz.p50 / base.p50, p95: w.healthz.p95 / base.p95, p99: w.healthz.p99 / base.p99 });
    const summary = {
      bench: 'hostileClients',
      words: hostile.words,
      documentBytes: hostile.documentBytes,
      idle: { healthz: base, serverCpuSeconds: hostile.idle.serverCpuSeconds, peakRss: hostile.idle.peakRss },
      reviewSpam: { healthz: hostile.reviewSpam.healthz, ratio: ratio(hostile.reviewSpam), serverCpuSeconds: hostile.reviewSpam.serverCpuSeconds, marksSent: hostile.reviewSpam.marksSent },
      syncSpam: { healthz: hostile.syncSpam.healthz, ratio: ratio(hostile.syncSpam), serverCpuSeconds: hostile.syncSpam.serverCpuSeconds, peakRss: hostile.syncSpam.peakRss, connections: hostile.syncSpam.connections, upgradesRefused: hostile.syncSpam.upgradesRefused, requestsSent: hostile.syncSpam.requestsSent, bytesReceived: hostile.syncSpam.bytesReceived },
      presenceFlood: { healthz: hostile.presenceFlood.healthz, ratio: ratio(hostile.presenceFlood), serverCpuSeconds: hostile.presenceFlood.serverCpuSeconds, messagesSent: hostile.presenceFlood.messagesSent, bytesPerPeer: hostile.presenceFlood.bytesPerPeer },
    };
    log(`BENCH ${JSON.stringify(summary)}`);
  }
  hostile = hostileRuns;
  const p95 = (f: (h: HostileResult) => HostileWindow) => formatSpread(spreadOf(hostileRuns.map((h) => f(h).healthz.p95 / h.idle.healthz.p95)), x);
  log(`  healthz p95 / idle, min / median / max over the runs: review spam ${p95((h) => h.reviewSpam)}, sync-1 spam ${p95((h) => h.syncSpam)}, presence flood ${p95((h) => h.presenceFlood)}`);
  log(`  healthz p50 / p95 / p99 idle, medians over the runs: ${(['p50', 'p95', 'p99'] as const).map((p) => ms(spreadOf(hostileRuns.map((h) => h.idle.healthz[p])).median)).join(' / ')}`);
  log('');
}

let sync: SyncSizeResult | undefined;
if (runs('sync')) {
  const syncOptions = { words: count(values['sync-words'], 32_000), runs: latencyOptions.runs };
  log(`5. Initial sync of a ${syncOptions.words}-word transcript on the wire, permessage-deflate vs plain, ${syncOptions.runs} joins of each (${machineLoad()})`);
  sync = await measureSyncSize(syncOptions, log);
  const wire = (joins: SyncSizeResult['plain']) => spreadOf(joins.map((j) => j.wireBytes));
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  log(`  raw update      ${kib(sync.updateBytes)} (Y.encodeStateAsUpdate of the stored document)`);
  log(`  plain           ${formatSpread(wire(sync.plain), kib)} on the wire, in sync after ${formatSpread(spreadOf(sync.plain.map((j) => j.ms)), ms)}`);
  log(`  compressed      ${formatSpread(wire(sync.compressed), kib)} on the wire (${formatSpread(spreadOf(sync.compressed.map((j) => j.wireBytes / sync!.updateBytes)), (n) => `${(n * 100).toFixed(0)}%`)} of the raw update), in sync after ${formatSpread(spreadOf(sync.compressed.map((j) => j.ms)), ms)}`);
  log(`  V2 update       ${kib(sync.updateV2Bytes)} (Y.encodeStateAsUpdateV2, as the workbench asks), ${formatSpread(wire(sync.v2), kib)} on the wire compressed, in sync after ${formatSpread(spreadOf(sync.v2.map((j) => j.ms)), ms)}`);
  log(`  server encoding the whole document's reply: V1 ${formatSpread(spreadOf(sync.encodeMs.v1), ms)}, V2 ${formatSpread(spreadOf(sync.encodeMs.v2), ms)}`);
  log(`BENCH ${JSON.stringify({ bench: 'syncSize', words: sync.words, updateBytes: sync.updateBytes, updateV2Bytes: sync.updateV2Bytes, plainWire: wire(sync.plain), compressedWire: wire(sync.compressed), v2CompressedWire: wire(sync.v2), encodeMsV1: spreadOf(sync.encodeMs.v1), encodeMsV2: spreadOf(sync.encodeMs.v2) })}\n`);
}

let throughput: ThroughputResult | undefined;
if (runs('throughput')) {
  const throughputOptions = { bundle: latencyOptions.bundle, jobs: count(values['throughput-jobs'], quick ? 10 : 60), pickups: count(values.pickups, quick ? 3 : 8), runs: latencyOptions.runs };
  log(`6. Transcription throughput: ${throughputOptions.jobs}-job bursts and ${throughputOptions.pickups} jobs one at a time on an idle queue, one vs two worker processes, PostgreSQL vs SQLite, ${throughputOptions.runs} runs in alternating order (${machineLoad()})`);
  throughput = await measureThroughput(throughputOptions, log);
  reportThroughput(throughput, log);
  log('');
}

const resultsPath = join(import.meta.dirname, 'results.json');
writeFileSync(
  resultsPath,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, totalMemory: totalmem(), node: process.version, loadAverageAtEnd: loadavg() },
      upload: upload === undefined ? null : { runs: upload, target: 'peak RSS ≈ idle + tens of MB' },
      latency: latency === undefined ? null : { ...latency, options: { ...latencyOptions, bundle: undefined }, target: 'loaded/idle p95 ≤ 2×' },
      bomb: bomb ?? null,
      hostile: hostile ?? null,
      sync: sync ?? null,
      throughput: throughput ?? null,
    },
    null,
    2,
  )}\n`,
);
log(`results written to ${resultsPath}`);
