// Transcription throughput past one machine (#20): jobs per minute and queue latency with one and with two
// `verbatim-server worker` processes, on PostgreSQL (graphile-worker; a private server started for the run) and on
// SQLite (the workers share the web process's data directory file), with the real model bundle on short speech clips.
// Each engine gets a web process with --workers 0 that takes every upload and job over HTTP, as in a deployment;
// worker processes are started for each measurement and stopped after it.
//
// Per measurement: the workers are warmed (each has done a job: its first loads the model), then
// - pickup: --pickups jobs one at a time on an idle queue, each's queue latency being its row's started_at - created_at
//   (enqueued by the web process → claimed by a worker);
// - burst: --throughput-jobs jobs enqueued at once; jobs per minute = jobs / (last finished - first enqueued), and each
//   job's wait (started_at - created_at) behind the others.
// The four measurements run --runs times in an order that alternates (engines and worker counts both).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineLoad, ratioSpread, spreadOf, type Spread } from '../../../tests/bench/alternatingRuns.ts';
import { AccountStore } from '../src/auth/AccountStore.ts';
import { ApiTokenStore } from '../src/auth/ApiTokenStore.ts';
import { ProjectStore } from '../src/auth/ProjectStore.ts';
import { openSqlDatabase } from '../src/db/openSqlDatabase.ts';
import type { SqlDatabase } from '../src/db/SqlDatabase.ts';
import { DATABASE_FILE } from '../src/http/createServerContext.ts';
import type { ServerChild } from '../src/main/serverProcess.ts';
import { startPostgres, type TestPostgres } from '../test/postgres/startPostgres.ts';
import { Deployment, type WorkerChild } from '../test/processes/Deployment.ts';
import { makeSpeechClips } from '../test/processes/speechClips.ts';
import { percentiles, type Percentiles } from './percentiles.ts';

export interface ThroughputOptions {
  /** The model bundle the workers install and run. */
  readonly bundle: string;
  /** Jobs in each burst (`npm run bench` default 60). */
  readonly jobs: number;
  /** Jobs run one at a time on an idle queue for the pickup latency (`npm run bench` default 8). */
  readonly pickups: number;
  /** Repetitions of the four measurements, in alternating order (at least 3). */
  readonly runs: number;
}

export type EngineName = 'postgres' | 'sqlite';
export type ThroughputArm = `${EngineName}-${1 | 2}`;

/** One measurement: one engine, one or two worker processes. */
export interface ThroughputMeasurement {
  readonly jobsPerMinute: number;
  /** started_at - created_at of each burst job, waiting behind the others. */
  readonly burstWaitMs: Percentiles;
  /** started_at - created_at of each job enqueued on an idle queue. */
  readonly pickupMs: readonly number[];
  /** Starting the worker processes until each logged that it started, and warming them. */
  readonly startMs: number;
}

export interface ThroughputResult {
  readonly clipSeconds: number;
  readonly orders: ThroughputArm[][];
  readonly arms: Record<ThroughputArm, ThroughputMeasurement[]>;
  /** The figures of the BENCH line: medians over the runs of jobs per minute, p95 of every pickup of an engine. */
  readonly summary: {
    pgJobsPerMin1: number;
    pgJobsPerMin2: number;
    sqliteJobsPerMin1: number;
    sqliteJobsPerMin2: number;
    pgQueueLatencyP95Ms: number;
    sqliteQueueLatencyP95Ms: number;
  };
}

/** A web process of one engine, with an owner's token, a project and the clips uploaded as its media. */
interface Engine {
  readonly name: EngineName;
  readonly deployment: Deployment;
  readonly web: ServerChild;
  /** The benchmark's own handle on the engine's database, to read job rows. */
  readonly db: SqlDatabase;
  readonly token: string;
  readonly projectId: string;
  readonly mediaIds: readonly string[];
}

interface JobRow {
  id: string;
  state: string;
  error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

const WAIT_LIMIT_MS = 10 * 60_000;

async function setUpEngine(name: EngineName, dir: string, bundle: string, clips: readonly string[], database?: string): Promise<Engine> {
  const deployment = new Deployment({ dir, modelDir: bundle, ...(database === undefined ? {} : { database }) });
  const web = await deployment.startWeb('web');
  const db = openSqlDatabase(database ?? join(deployment.dataDir('web'), DATABASE_FILE));
  const accounts = new AccountStore(db, { hashParams: { logN: 10, r: 8, p: 1 } });
  const user = await accounts.createUser({ email: 'bench@example.org', password: 'bench password 1', displayName: 'Bench', isAdmin: false });
  const projectId = new ProjectStore(db).createProject('Throughput', user.id).id;
  const token = new ApiTokenStore(db).create(user.id, 'throughput').token;
  const mediaIds: string[] = [];
  for (const clip of clips) {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(clip)]), clip.split('/').pop()!);
    const response = await fetch(`${web.url}/api/projects/${projectId}/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
    mediaIds.push(((await response.json()) as { media: { id: string }[] }).media[0]!.id);
  }
  return { name, deployment, web, db, token, projectId, mediaIds };
}

/** Asks the web process for a transcription of the `i`-th clip; returns the job's id. */
async function enqueue(engine: Engine, i: number): Promise<string> {
  const response = await fetch(`${engine.web.url}/api/projects/${engine.projectId}/jobs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${engine.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mediaId: engine.mediaIds[i % engine.mediaIds.length] }),
  });
  if (response.status !== 202) throw new Error(`enqueueing answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** The rows of `ids` once every one has ended (polled every 20 ms); throws on a job that did not succeed. */
async function finished(engine: Engine, ids: readonly string[]): Promise<JobRow[]> {
  const wanted = new Set(ids);
  const read = engine.db.prepare<[string], JobRow>('SELECT id, state, error, created_at, started_at, finished_at FROM jobs WHERE project_id = ?');
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const rows = read.all(engine.projectId).filter((row) => wanted.has(row.id));
    const failed = rows.find((row) => row.state === 'failed' || row.state === 'cancelled');
    if (failed !== undefined) throw new Error(`job ${failed.id} ${failed.state}: ${failed.error}`);
    if (rows.length === wanted.size && rows.every((row) => row.state === 'succeeded')) return rows;
    if (Date.now() > deadline) throw new Error(`jobs still not done after ${WAIT_LIMIT_MS / 1000} s: ${JSON.stringify(rows.filter((row) => row.state !== 'succeeded'))}`);
    await new Promise((next) => setTimeout(next, 20));
  }
}

async function measure(engine: Engine, workerCount: number, options: ThroughputOptions, label: string): Promise<ThroughputMeasurement> {
  const startedAt = performance.now();
  const workers: WorkerChild[] = [];
  try {
    workers.push(...(await Promise.all(Array.from({ length: workerCount }, (_, i) => engine.deployment.startWorker(`${label}-worker-${i + 1}`)))));
    // a worker's first job loads the model: not the queue's cost, so each worker does one before anything is timed
    const hasDone = (worker: WorkerChild) => worker.lines.some((line) => line.msg === 'job succeeded');
    for (let round = 0; !workers.every(hasDone); round++) {
      if (round === 10) throw new Error('a worker took no job in 10 warm-up rounds');
      await finished(engine, await Promise.all(workers.map((_, i) => enqueue(engine, round * workerCount + i))));
    }
    const startMs = performance.now() - startedAt;
    const pickupMs: number[] = [];
    for (let i = 0; i < options.pickups; i++) {
      const [row] = await finished(engine, [await enqueue(engine, i)]);
      pickupMs.push(row!.started_at! - row!.created_at);
    }
    const ids: string[] = [];
    for (let i = 0; i < options.jobs; i++) ids.push(await enqueue(engine, i));
    const rows = await finished(engine, ids);
    const first = Math.min(...rows.map((row) => row.created_at));
    const last = Math.max(...rows.map((row) => row.finished_at!));
    return {
      jobsPerMinute: (options.jobs / (last - first)) * 60_000,
      burstWaitMs: percentiles(rows.map((row) => row.started_at! - row.created_at)),
      pickupMs,
      startMs,
    };
  } finally {
    await Promise.all(workers.map((worker) => engine.deployment.stopWorker(worker)));
  }
}

/** Seconds of audio in a WAV file (its data chunk over its byte rate). */
function wavSeconds(path: string): number {
  const bytes = readFileSync(path);
  const byteRate = bytes.readUInt32LE(28);
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const size = bytes.readUInt32LE(offset + 4);
    if (bytes.toString('ascii', offset, offset + 4) === 'data') return Math.min(size, bytes.length - offset - 8) / byteRate;
    offset += 8 + size + (size % 2);
  }
  return NaN;
}

/**
 * Runs the four measurements (PostgreSQL and SQLite, one and two worker processes) `runs` times in alternating order
 * and returns every figure with the BENCH summary. Starts and stops its own PostgreSQL server and processes.
 */
export async function measureThroughput(options: ThroughputOptions, log: (line: string) => void): Promise<ThroughputResult> {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-throughput-'));
  let pg: TestPostgres | undefined;
  const engines: Engine[] = [];
  // a stopped run must not leave its PostgreSQL server or its processes behind
  const cleanUp = async () => {
    await Promise.all(engines.map((engine) => engine.deployment.killAll()));
    for (const engine of engines) engine.db.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const clips = makeSpeechClips(join(dir, 'clips'), Math.max(options.jobs, options.pickups, 2));
    const clipSeconds = clips.reduce((sum, clip) => sum + wavSeconds(clip), 0) / clips.length;
    pg = await startPostgres();
    engines.push(await setUpEngine('postgres', join(dir, 'postgres'), options.bundle, clips, pg.url));
    engines.push(await setUpEngine('sqlite', join(dir, 'sqlite'), options.bundle, clips));
    log(`  ${clips.length} espeak-ng clips of ${clipSeconds.toFixed(1)} s on average; a web process with --workers 0 per engine (${machineLoad()})`);
    const arms = { 'postgres-1': [], 'postgres-2': [], 'sqlite-1': [], 'sqlite-2': [] } as Record<ThroughputArm, ThroughputMeasurement[]>;
    const orders: ThroughputArm[][] = [];
    for (let run = 0; run < options.runs; run++) {
      // engines alternate every run, worker counts every other run: each arm is first as often as the others
      const engineOrder = run % 2 === 0 ? engines : [...engines].reverse();
      const counts = run % 4 < 2 ? [1, 2] : [2, 1];
      const order: ThroughputArm[] = [];
      for (const engine of engineOrder) {
        for (const count of counts) {
          const arm = `${engine.name}-${count}` as ThroughputArm;
          order.push(arm);
          const m = await measure(engine, count, options, `run${run + 1}-${count}`);
          arms[arm].push(m);
          const wait = m.burstWaitMs;
          const pickup = percentiles(m.pickupMs);
          log(`  run ${run + 1} ${arm.padEnd(10)} ${m.jobsPerMinute.toFixed(1).padStart(6)} jobs/min | burst wait p50 ${wait.p50} ms, p95 ${wait.p95} ms | pickup p50 ${pickup.p50} ms, max ${pickup.max} ms | workers up and warm in ${(m.startMs / 1000).toFixed(1)} s (${machineLoad()})`);
        }
      }
      orders.push(order);
    }
    const median = (arm: ThroughputArm) => round1(spreadOf(arms[arm].map((m) => m.jobsPerMinute)).median);
    const pickupP95 = (name: EngineName) => percentiles([...arms[`${name}-1`], ...arms[`${name}-2`]].flatMap((m) => m.pickupMs)).p95;
    return {
      clipSeconds,
      orders,
      arms,
      summary: {
        pgJobsPerMin1: median('postgres-1'),
        pgJobsPerMin2: median('postgres-2'),
        sqliteJobsPerMin1: median('sqlite-1'),
        sqliteJobsPerMin2: median('sqlite-2'),
        pgQueueLatencyP95Ms: pickupP95('postgres'),
        sqliteQueueLatencyP95Ms: pickupP95('sqlite'),
      },
    };
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await cleanUp();
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Prints the table, the ratios and the BENCH line of a {@link measureThroughput} result. */
export function reportThroughput(result: ThroughputResult, log: (line: string) => void): void {
  const f1 = (n: number) => n.toFixed(1);
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const spread = (s: Spread, format: (n: number) => string) => `${format(s.median)} (${format(s.min)}–${format(s.max)})`;
  const names: Record<EngineName, string> = { postgres: 'PostgreSQL (graphile-worker)', sqlite: 'SQLite (shared file)' };
  log(`  ${'engine'.padEnd(30)} ${'workers'.padEnd(8)} ${'jobs/min, median (min–max)'.padEnd(28)} ${'burst wait p50 / p95, medians'.padEnd(30)} pickup p50 / p95 (every idle-queue job)`);
  for (const arm of ['postgres-1', 'postgres-2', 'sqlite-1', 'sqlite-2'] as const) {
    const runs = result.arms[arm];
    const [engine, count] = arm.split('-') as [EngineName, string];
    const pickup = percentiles(runs.flatMap((m) => m.pickupMs));
    const wait = `${ms(spreadOf(runs.map((m) => m.burstWaitMs.p50)).median)} / ${ms(spreadOf(runs.map((m) => m.burstWaitMs.p95)).median)}`;
    log(`  ${names[engine].padEnd(30)} ${count.padEnd(8)} ${spread(spreadOf(runs.map((m) => m.jobsPerMinute)), f1).padEnd(28)} ${wait.padEnd(30)} ${ms(pickup.p50)} / ${ms(pickup.p95)}`);
  }
  const jpm = (arm: ThroughputArm) => result.arms[arm].map((m) => m.jobsPerMinute);
  const x = (n: number) => `${n.toFixed(2)}×`;
  log('  ratios, paired by run, median (min–max):');
  log(`    two workers / one    PostgreSQL ${spread(ratioSpread(jpm('postgres-2'), jpm('postgres-1')), x)}, SQLite ${spread(ratioSpread(jpm('sqlite-2'), jpm('sqlite-1')), x)}`);
  log(`    PostgreSQL / SQLite  one worker ${spread(ratioSpread(jpm('postgres-1'), jpm('sqlite-1')), x)}, two workers ${spread(ratioSpread(jpm('postgres-2'), jpm('sqlite-2')), x)}`);
  log(`  ${cpus().length} CPUs: the decoding is CPU-bound, so a second worker process adds throughput only where a core is free`);
  log(`BENCH ${JSON.stringify(result.summary)}`);
}

if (import.meta.main) {
  const { parseArgs } = await import('node:util');
  const { resolve } = await import('node:path');
  const { values } = parseArgs({ options: { jobs: { type: 'string', default: '60' }, pickups: { type: 'string', default: '8' }, runs: { type: 'string', default: '3' } } });
  const options = {
    bundle: process.env['VERBATIM_BUNDLE'] ?? resolve(import.meta.dirname, '../../../models/verbatim-en-char-v1'),
    jobs: Number(values.jobs),
    pickups: Number(values.pickups),
    runs: Number(values.runs),
  };
  console.log(`Throughput: ${options.jobs}-job bursts and ${options.pickups} idle-queue pickups, one vs two worker processes, PostgreSQL vs SQLite, ${options.runs} runs`);
  reportThroughput(await measureThroughput(options, console.log), console.log);
}
