// `node bench/queueEngines.ts`: what each job-queue engine costs by itself, with jobs that do nothing — the SQLite queue
// (workers poll and claim; this process's enqueues wake them) against graphile-worker on a private PostgreSQL server
// (a web-side queue enqueues, a worker-side queue on its own connection runs, as two processes would). Reports the
// synchronous enqueue's cost, the pickup latency of a job enqueued on an idle queue (its row's created → started, one
// at a time, in whole ms)
// and the throughput of a burst (all enqueued at once, run by --workers). One run; the machine's load is printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/openDatabase.ts';
import { openSqlDatabase } from '../src/db/openSqlDatabase.ts';
import type { PostgresDatabase } from '../src/db/postgres/PostgresDatabase.ts';
import type { SqlDatabase } from '../src/db/SqlDatabase.ts';
import { JobRunner } from '../src/jobs/JobRunner.ts';
import { MediaStore } from '../src/media/MediaStore.ts';
import { GraphileJobQueue } from '../src/queue/graphile/GraphileJobQueue.ts';
import { prepareGraphileQueue } from '../src/queue/graphile/prepareGraphileQueue.ts';
import type { Job } from '../src/queue/Job.ts';
import { JobQueue } from '../src/queue/JobQueue.ts';
import type { JobQueueApi } from '../src/queue/JobQueueApi.ts';
import { TranscriptStore } from '../src/transcripts/TranscriptStore.ts';
import { startPostgres } from '../test/postgres/startPostgres.ts';
import { percentiles, type Percentiles } from './percentiles.ts';

const { values } = parseArgs({
  options: { jobs: { type: 'string', default: '200' }, workers: { type: 'string', default: '2' }, pickups: { type: 'string', default: '30' } },
});
const JOBS = Number(values.jobs);
const WORKERS = Number(values.workers);
const PICKUPS = Number(values.pickups);
const KIND = 'bench.noop';

interface EngineResult {
  engine: string;
  enqueueMs: Percentiles;
  pickupMs: Percentiles;
  burstJobsPerMinute: number;
}

interface Setup {
  /** The queue that enqueues and watches (the web process's). */
  web: JobQueueApi;
  /** The runner's database and queue (the worker process's). */
  workerDb: SqlDatabase;
  worker: JobQueueApi;
  projectId: string;
  dispose(): Promise<void>;
}

async function measure(engine: string, setup: Setup): Promise<EngineResult> {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-queue-bench-'));
  const runner = new JobRunner({
    db: setup.workerDb,
    queue: setup.worker,
    media: new MediaStore(setup.workerDb, { dataDir: dir }),
    transcripts: new TranscriptStore(setup.workerDb),
    bundleDir: join(dir, 'no-model'),
    handlers: { [KIND]: async () => ({}) },
    workers: WORKERS,
    pollMs: 1000,
  });
  runner.start();
  const when = (id: string, state: Job['state']): Promise<Job> =>
    new Promise((resolve) => {
      const subscription = setup.web.onDidChangeJob((job) => {
        if (job.id === id && job.state === state) {
          subscription.dispose();
          resolve(job);
        }
      });
      const now = setup.web.get(id);
      if (now?.state === state) {
        subscription.dispose();
        resolve(now);
      }
    });
  try {
    // pickup latency on an idle queue, one job at a time: the row's started_at - created_at (another process's event
    // may come after the job already ended, the row being read again when the NOTIFY arrives)
    const enqueueMs: number[] = [];
    const pickupMs: number[] = [];
    for (let i = 0; i < PICKUPS; i++) {
      const started = performance.now();
      const job = setup.web.enqueue({ projectId: setup.projectId, kind: KIND, payload: { i } });
      enqueueMs.push(performance.now() - started);
      const done = await when(job.id, 'succeeded');
      pickupMs.push(done.startedAt! - done.createdAt);
    }
    // a burst: every job enqueued at once, run by the workers
    const started = performance.now();
    const ids = [];
    for (let i = 0; i < JOBS; i++) {
      const t = performance.now();
      ids.push(setup.web.enqueue({ projectId: setup.projectId, kind: KIND, payload: { i } }).id);
      enqueueMs.push(performance.now() - t);
    }
    await Promise.all(ids.map((id) => when(id, 'succeeded')));
    const seconds = (performance.now() - started) / 1000;
    return { engine, enqueueMs: percentiles(enqueueMs), pickupMs: percentiles(pickupMs), burstJobsPerMinute: Math.round((JOBS / seconds) * 60) };
  } finally {
    await runner.stop({ timeoutMs: 1000 });
    rmSync(dir, { recursive: true, force: true });
  }
}

function addProject(db: SqlDatabase): string {
  const id = crypto.randomUUID();
  db.prepare('INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)').run(id, 'Bench', Date.now());
  return id;
}

async function sqliteSetup(): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-queue-bench-db-'));
  const db = openDatabase(join(dir, 'verbatim.db'));
  const queue = new JobQueue(db);
  return {
    web: queue,
    workerDb: db,
    worker: queue,
    projectId: addProject(db),
    dispose: async () => {
      queue.dispose();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresSetup(url: string): Promise<Setup> {
  const webDb = openSqlDatabase(url) as PostgresDatabase;
  const workerDb = openSqlDatabase(url) as PostgresDatabase;
  await prepareGraphileQueue(url);
  const web = new GraphileJobQueue(webDb, { url });
  const worker = new GraphileJobQueue(workerDb, { url });
  await Promise.all([web.whenListening(), worker.whenListening()]);
  return {
    web,
    workerDb,
    worker,
    projectId: addProject(webDb),
    dispose: async () => {
      web.dispose();
      worker.dispose();
      webDb.close();
      workerDb.close();
    },
  };
}

const format = (p: Percentiles): string => `p50 ${p.p50.toFixed(2)} ms, p95 ${p.p95.toFixed(2)} ms, max ${p.max.toFixed(2)} ms`;

// a stopped run must not leave its PostgreSQL server behind
let stopPostgres: (() => Promise<void>) | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void (stopPostgres?.() ?? Promise.resolve()).finally(() => process.exit(130)));

const results: EngineResult[] = [];
const sqlite = await sqliteSetup();
try {
  results.push(await measure('sqlite (JobQueue, polling)', sqlite));
} finally {
  await sqlite.dispose();
}
const pg = await startPostgres();
stopPostgres = () => pg.stop();
try {
  const setup = await postgresSetup(pg.url);
  try {
    results.push(await measure('postgresql (graphile-worker)', setup));
  } finally {
    await setup.dispose();
  }
} finally {
  await pg.stop();
}
console.log(`queue engines: ${PICKUPS} jobs one at a time, then a burst of ${JOBS}, ${WORKERS} workers, no-op jobs; load ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
for (const r of results) {
  console.log(`${r.engine}\n  enqueue  ${format(r.enqueueMs)}\n  pickup   ${format(r.pickupMs)}\n  burst    ${r.burstJobsPerMinute} jobs/min`);
}
