// Benchmark 2: transcript read and export latency under concurrent load, idle and while transcription jobs run, on a
// transcript the size of a 60-90-minute interview; idle and loaded windows alternate over several runs.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ratioSpread, type Spread } from '../../../tests/bench/alternatingRuns.ts';
import { openDatabase } from '../src/db/openDatabase.ts';
import type { Job } from '../src/queue/Job.ts';
import { TranscriptStore } from '../src/transcripts/TranscriptStore.ts';
import { startBenchServer, type BenchServer } from './benchServer.ts';
import { interviewTranscript } from './interviewTranscript.ts';
import { percentiles, type Percentiles } from './percentiles.ts';

export interface LatencyOptions {
  bundle: string;
  /** Concurrent request loops. */
  concurrency: number;
  /** Length of each measurement window. */
  seconds: number;
  /** Transcription jobs running during the loaded window. */
  jobs: number;
  workers: number;
  /** Length of the long speech file the jobs transcribe. */
  speechSeconds: number;
  /** Words in the transcript read. */
  words: number;
  /** Idle and loaded windows each, alternating (idle first, then loaded first …). */
  runs: number;
}

export interface LatencyWindow {
  read: Percentiles;
  export: Percentiles;
  errors: number;
  requestsPerSecond: number;
}

export interface LatencyResult {
  /** Words in the transcript read, and the size of its GET /api/transcripts/:id answer in bytes. */
  words: number;
  readBytes: number;
  /** One window of each per run, in run order. */
  idle: LatencyWindow[];
  loaded: LatencyWindow[];
  /** Which went first in each run. */
  orders: ('idle' | 'loaded')[][];
  /** Loaded over idle p50/p95/p99 for transcript reads, the windows paired by run: min / median / max. */
  readRatio: { p50: Spread; p95: Spread; p99: Spread };
  exportRatio: { p50: Spread; p95: Spread; p99: Spread };
  /** Share of polls during each loaded window that saw a transcription job running (1 = loaded throughout). */
  busyShare: number[];
  /** Transcription jobs that succeeded during the loaded windows. */
  jobsFinished: number;
  speechSeconds: number;
}

const PARAGRAPH =
  'The committee met on Tuesday morning to review the quarterly budget. Several members asked about the cost of the new ' +
  'building, and the chair promised a detailed answer at the next meeting. After a short break they discussed the ' +
  'schedule for the summer, the hiring of two engineers, and the plan to move the archive to a larger room.';

async function uploadFile(server: BenchServer, projectId: string, path: string, name: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(path)]), name);
  const answer = (await (await server.call('POST', `/api/projects/${projectId}/media`, form)).json()) as { media: { id: string }[] };
  return answer.media[0]!.id;
}

async function waitForJobs(server: BenchServer, projectId: string, done: (jobs: Job[]) => boolean, timeoutMs: number): Promise<Job[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { jobs } = (await (await server.call('GET', `/api/projects/${projectId}/jobs`)).json()) as { jobs: Job[] };
    if (done(jobs)) return jobs;
    if (Date.now() > deadline) throw new Error(`jobs did not get there in ${timeoutMs} ms: ${JSON.stringify(jobs.map((j) => [j.state, j.error]))}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

/** Runs `concurrency` loops of GET transcript / GET export for `seconds`, alternating. */
async function loadWindow(server: BenchServer, transcriptId: string, concurrency: number, seconds: number): Promise<LatencyWindow> {
  const reads: number[] = [];
  const exports: number[] = [];
  let errors = 0;
  const headers = { authorization: `Bearer ${server.token}` };
  const end = performance.now() + seconds * 1000;
  const loop = async (index: number) => {
    for (let i = index; performance.now() < end; i++) {
      const isExport = i % 2 === 1;
      const path = isExport ? `/api/transcripts/${transcriptId}/export?format=srt` : `/api/transcripts/${transcriptId}`;
      const started = performance.now();
      try {
        const response = await fetch(`${server.url}${path}`, { headers });
        await response.arrayBuffer();
        if (response.status !== 200) errors++;
      } catch {
        errors++;
      }
      (isExport ? exports : reads).push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => loop(i)));
  return { read: percentiles(reads), export: percentiles(exports), errors, requestsPerSecond: (reads.length + exports.length) / seconds };
}

/** Keeps `count` transcription jobs queued or running (enqueuing a new one as one ends) until stopped. */
function keepJobsInFlight(server: BenchServer, projectId: string, mediaId: string, count: number) {
  const ids = new Set<string>();
  let polls = 0;
  let busy = 0;
  let stopped = false;
  const cycle = async () => {
    while (!stopped) {
      const { jobs } = (await (await server.call('GET', `/api/projects/${projectId}/jobs`)).json()) as { jobs: Job[] };
      const mine = jobs.filter((j) => ids.has(j.id));
      if (ids.size > 0) {
        polls++;
        if (mine.some((j) => j.state === 'running')) busy++;
      }
      const inFlight = mine.filter((j) => j.state === 'queued' || j.state === 'running').length;
      for (let i = inFlight; i < count; i++) {
        ids.add(((await (await server.call('POST', `/api/projects/${projectId}/jobs`, { mediaId })).json()) as Job).id);
      }
      await new Promise((wake) => setTimeout(wake, 200));
    }
  };
  let failure: unknown;
  // held until stop() so a failed poll surfaces there instead of as an unhandled rejection
  const running = cycle().catch((error: unknown) => {
    failure = error;
  });
  return {
    owns: (job: Job) => ids.has(job.id),
    /** Stops topping up, cancels what is left and says how busy the workers were. */
    async stop(): Promise<{ busyShare: number; finished: number }> {
      stopped = true;
      await running;
      if (failure !== undefined) throw failure;
      const { jobs } = (await (await server.call('GET', `/api/projects/${projectId}/jobs`)).json()) as { jobs: Job[] };
      for (const job of jobs) {
        if (ids.has(job.id) && (job.state === 'running' || job.state === 'queued')) await server.call('POST', `/api/jobs/${job.id}/cancel`);
      }
      return { busyShare: polls === 0 ? 0 : busy / polls, finished: jobs.filter((j) => ids.has(j.id) && j.state === 'succeeded').length };
    },
  };
}

function ratios(loaded: readonly Percentiles[], idle: readonly Percentiles[]): { p50: Spread; p95: Spread; p99: Spread } {
  const of = (p: 'p50' | 'p95' | 'p99') => ratioSpread(loaded.map((w) => w[p]), idle.map((w) => w[p]));
  return { p50: of('p50'), p95: of('p95'), p99: of('p99') };
}

/** Writes a transcript of `words` words straight to the server's database (as another process would) and returns its id. */
function seedTranscript(server: BenchServer, projectId: string, words: number): string {
  const db = openDatabase(join(server.dir, 'data', 'verbatim.db'));
  try {
    const model = { id: 'bench', version: '1', sha256: '0'.repeat(64) };
    return new TranscriptStore(db).create({ projectId, mediaId: 'bench', model, segments: interviewTranscript(words) }).id;
  } finally {
    db.close();
  }
}

export async function measureReadLatency(options: LatencyOptions, log: (line: string) => void): Promise<LatencyResult> {
  const server = await startBenchServer(options.bundle, ['--workers', String(options.workers)]);
  try {
    const paragraphWav = join(server.dir, 'paragraph.wav');
    const longWav = join(server.dir, 'long.wav');
    writeFileSync(join(server.dir, 'paragraph.txt'), PARAGRAPH);
    execFileSync('nice', ['-n', '19', 'espeak-ng', '-w', paragraphWav, '-f', join(server.dir, 'paragraph.txt')]);
    const paragraphSeconds = Number(execFileSync('soxi', ['-D', paragraphWav], { encoding: 'utf8' }).trim());
    const repeats = Math.max(0, Math.ceil(options.speechSeconds / paragraphSeconds) - 1);
    execFileSync('nice', ['-n', '19', 'sox', paragraphWav, longWav, 'repeat', String(repeats)]);
    const speechSeconds = Number(execFileSync('soxi', ['-D', longWav], { encoding: 'utf8' }).trim());

    const project = (await (await server.call('POST', '/api/projects', { name: 'Latency benchmark' })).json()) as { id: string };
    const transcriptId = seedTranscript(server, project.id, options.words);
    const readBytes = (await (await server.call('GET', `/api/transcripts/${transcriptId}`)).arrayBuffer()).byteLength;
    log(`  transcript: ${options.words} words (an interview of ~${Math.round(options.words / 2.7 / 60)} minutes), GET answer ${(readBytes / 1024).toFixed(0)} KiB`);
    const longId = await uploadFile(server, project.id, longWav, 'long.wav');

    const idle: LatencyWindow[] = [];
    const loaded: LatencyWindow[] = [];
    const busyShare: number[] = [];
    const orders: ('idle' | 'loaded')[][] = [];
    let jobsFinished = 0;
    const idleWindow = async (run: number) => {
      log(`  run ${run + 1}, idle window: ${options.concurrency} concurrent loops for ${options.seconds} s`);
      idle.push(await loadWindow(server, transcriptId, options.concurrency, options.seconds));
    };
    const loadedWindow = async (run: number) => {
      log(`  run ${run + 1}, loaded window: ${options.jobs} job(s) kept in flight on ${speechSeconds.toFixed(0)} s of speech, ${options.workers} worker(s)`);
      const keeper = keepJobsInFlight(server, project.id, longId, options.jobs);
      await waitForJobs(server, project.id, (jobs) => jobs.some((j) => keeper.owns(j) && j.state === 'running'), 60_000);
      loaded.push(await loadWindow(server, transcriptId, options.concurrency, options.seconds));
      const load = await keeper.stop();
      busyShare.push(load.busyShare);
      jobsFinished += load.finished;
      // the next idle window starts only once the cancelled jobs have left the workers
      await waitForJobs(server, project.id, (jobs) => jobs.every((j) => j.state !== 'running' && j.state !== 'queued'), 60_000);
    };
    for (let run = 0; run < options.runs; run++) {
      const order: ('idle' | 'loaded')[] = run % 2 === 0 ? ['idle', 'loaded'] : ['loaded', 'idle'];
      orders.push(order);
      for (const which of order) await (which === 'idle' ? idleWindow(run) : loadedWindow(run));
    }
    return {
      words: options.words,
      readBytes,
      idle,
      loaded,
      orders,
      readRatio: ratios(loaded.map((w) => w.read), idle.map((w) => w.read)),
      exportRatio: ratios(loaded.map((w) => w.export), idle.map((w) => w.export)),
      busyShare,
      jobsFinished,
      speechSeconds,
    };
  } finally {
    await server.dispose();
  }
}
