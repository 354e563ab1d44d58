// The PostgreSQL queue on a real PostgreSQL server: two queue instances on one database stand for two processes (a web
// process that enqueues and watches, a worker process that runs), and a child process killed with SIGKILL for a dead
// worker.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlDatabase } from '../../db/openSqlDatabase.ts';
import type { PostgresDatabase } from '../../db/postgres/PostgresDatabase.ts';
import { JobError } from '../../jobs/JobError.ts';
import type { JobHandler } from '../../jobs/JobHandler.ts';
import { JobRunner } from '../../jobs/JobRunner.ts';
import { MediaStore } from '../../media/MediaStore.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { testPostgresDatabase } from '../../../test/postgres/testPostgresDatabase.ts';
import type { Job } from '../Job.ts';
import type { JobQueueApi } from '../JobQueueApi.ts';
import { GraphileJobQueue } from './GraphileJobQueue.ts';
import { graphileRetryDelay } from './graphileRetryDelay.ts';
import { prepareGraphileQueue } from './prepareGraphileQueue.ts';

const KIND = 'test.work';
const LEASE_MS = 1500;

let url: string;
let dir: string;
let projectId: string;
const databases: PostgresDatabase[] = [];
const queues: GraphileJobQueue[] = [];
const runners: JobRunner[] = [];

function openDatabase(): PostgresDatabase {
  const db = openSqlDatabase(url) as PostgresDatabase;
  databases.push(db);
  return db;
}

/** A queue as a process has one: its own database connection, its LISTEN, its sweeper. */
async function openQueue(options: { sweepMs?: number; staleLockMs?: number } = {}): Promise<{ db: PostgresDatabase; queue: GraphileJobQueue }> {
  const db = openDatabase();
  const queue = new GraphileJobQueue(db, { url, sweepMs: options.sweepMs ?? 0, ...(options.staleLockMs === undefined ? {} : { staleLockMs: options.staleLockMs }) });
  queues.push(queue);
  await queue.whenListening();
  return { db, queue };
}

/** A worker process's runner of `handler` on its own queue. */
async function startRunner(handler: JobHandler, workers = 1): Promise<{ queue: GraphileJobQueue; runner: JobRunner }> {
  const { db, queue } = await openQueue();
  const runner = new JobRunner({
    db,
    queue,
    media: new MediaStore(db, { dataDir: dir }),
    transcripts: new TranscriptStore(db),
    bundleDir: join(dir, 'no-model'),
    handlers: { [KIND]: handler },
    workers,
    leaseMs: LEASE_MS,
    heartbeatMs: 30,
    pollMs: 100,
  });
  runners.push(runner);
  runner.start();
  return { queue, runner };
}

/** Resolves with the job once `queue` reports it in a state `test` accepts (or it already is). */
function whenJob(queue: JobQueueApi, id: string, test: (job: Job) => boolean): Promise<Job> {
  return new Promise((resolve) => {
    const subscription = queue.onDidChangeJob((job) => {
      if (job.id === id && test(job)) {
        subscription.dispose();
        resolve(job);
      }
    });
    const now = queue.get(id);
    if (now !== undefined && test(now)) {
      subscription.dispose();
      resolve(now);
    }
  });
}

function graphileJobs(db: PostgresDatabase): number {
  return Number(db.execRaw('SELECT count(*)::int AS n FROM graphile_worker.jobs').rows[0]!['n']);
}

beforeEach(async () => {
  url = await testPostgresDatabase();
  dir = mkdtempSync(join(tmpdir(), 'vwb-graphile-'));
  const db = openDatabase();
  await prepareGraphileQueue(url);
  projectId = crypto.randomUUID();
  db.prepare('INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)').run(projectId, 'Interviews', Date.now());
});

afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop({ timeoutMs: 0 })));
  for (const queue of queues.splice(0)) queue.dispose();
  for (const db of databases.splice(0)) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GraphileJobQueue', () => {
  it('runs a job enqueued in one process on a worker of another, and the first sees running, progress and success', { timeout: 15_000 }, async () => {
    const { queue: web } = await openQueue();
    let reached!: () => void;
    const progressSeen = new Promise<void>((resolve) => (reached = resolve));
    await startRunner(async ({ reportProgress }) => {
      reportProgress(0.5);
      await progressSeen;
      return { done: true };
    });
    const seen: Job[] = [];
    web.onDidChangeJob((job) => seen.push(job));
    const job = web.enqueue({ projectId, kind: KIND, payload: { n: 1 } });
    expect(job).toMatchObject({ state: 'queued', attempts: 0 });
    await whenJob(web, job.id, (j) => j.progress === 0.5);
    reached();
    const done = await whenJob(web, job.id, (j) => j.state === 'succeeded');
    expect(done).toMatchObject({ result: { done: true }, attempts: 1, progress: 1, leaseOwner: null });
    expect(seen.map((j) => j.state)).toEqual(expect.arrayContaining(['queued', 'running', 'succeeded']));
    const running = seen.find((j) => j.state === 'running')!;
    expect(running.leaseOwner).toMatch(/^pool-[0-9a-f]+\//);
    await expect.poll(() => graphileJobs(databases[0]!), { timeout: 5000 }).toBe(0);
  });

  it('runs each job once with two workers (two slots each) taking jobs side by side', { timeout: 30_000 }, async () => {
    const { queue: web } = await openQueue();
    const runs = new Map<string, string[]>();
    const handler = (name: string): JobHandler => async ({ job }) => {
      runs.set(job.id, [...(runs.get(job.id) ?? []), name]);
      return { name };
    };
    await startRunner(handler('a'), 2);
    await startRunner(handler('b'), 2);
    const ids = Array.from({ length: 24 }, (_, i) => web.enqueue({ projectId, kind: KIND, payload: { i } }).id);
    await Promise.all(ids.map((id) => whenJob(web, id, (j) => j.state === 'succeeded')));
    expect([...runs.values()].every((names) => names.length === 1)).toBe(true);
    expect(runs.size).toBe(24);
    expect(web.depth()).toMatchObject({ queued: 0, running: 0, succeeded: 24 });
  });

  it('retries a failed attempt after graphile-worker\'s backoff, and the row says when', { timeout: 30_000 }, async () => {
    const { queue: web } = await openQueue();
    let calls = 0;
    await startRunner(async () => {
      calls += 1;
      if (calls === 1) throw new Error('The model server was busy.');
      return { calls };
    });
    const job = web.enqueue({ projectId, kind: KIND, payload: {} });
    const retrying = await whenJob(web, job.id, (j) => j.state === 'queued' && j.attempts === 1);
    expect(retrying.error).toBe('The model server was busy.');
    expect(retrying.runAfter - retrying.updatedAt).toBe(graphileRetryDelay(1));
    const done = await whenJob(web, job.id, (j) => j.state === 'succeeded');
    expect(done).toMatchObject({ attempts: 2, result: { calls: 2 } });
    expect(Date.now() - retrying.updatedAt).toBeGreaterThanOrEqual(graphileRetryDelay(1) - 100);
  });

  it('fails a job at once for a final error, without a retry', { timeout: 15_000 }, async () => {
    const { db, queue: web } = await openQueue();
    let calls = 0;
    await startRunner(async () => {
      calls += 1;
      throw new JobError('media-not-found', 'The recording was deleted.');
    });
    const job = web.enqueue({ projectId, kind: KIND, payload: {}, maxAttempts: 3 });
    const failed = await whenJob(web, job.id, (j) => j.state === 'failed');
    expect(failed).toMatchObject({ attempts: 1, error: 'The recording was deleted.' });
    expect(calls).toBe(1);
    await expect.poll(() => graphileJobs(db), { timeout: 5000 }).toBe(0);
  });

  it('cancels a queued job, which graphile-worker then never runs', async () => {
    const { db, queue: web } = await openQueue();
    const job = web.enqueue({ projectId, kind: KIND, payload: {}, runAfter: Date.now() + 60_000 });
    expect(graphileJobs(db)).toBe(1);
    expect(web.cancel(job.id)).toMatchObject({ state: 'cancelled' });
    expect(graphileJobs(db)).toBe(0);
  });

  it('cancels a running job: its worker aborts at the next heartbeat', async () => {
    const { queue: web } = await openQueue();
    let aborted = false;
    await startRunner(
      ({ signal }) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(signal.reason);
          }),
        ),
    );
    const job = web.enqueue({ projectId, kind: KIND, payload: {} });
    await whenJob(web, job.id, (j) => j.state === 'running');
    expect(web.cancel(job.id)).toMatchObject({ state: 'running', cancelRequested: true });
    await whenJob(web, job.id, (j) => j.state === 'cancelled');
    await expect.poll(() => aborted).toBe(true);
  });

  it('leaves no job when the transaction that enqueued it rolls back', async () => {
    const { db, queue: web } = await openQueue();
    expect(() =>
      db.transaction(() => {
        web.enqueue({ projectId, kind: KIND, payload: {} });
        throw new Error('the upload failed');
      })(),
    ).toThrow('the upload failed');
    expect(web.depth().queued).toBe(0);
    expect(graphileJobs(db)).toBe(0);
  });

  it('says what is missing when the graphile-worker schema was not installed', async () => {
    const { db, queue: web } = await openQueue();
    db.execRaw('DROP SCHEMA graphile_worker CASCADE');
    expect(() => web.enqueue({ projectId, kind: KIND, payload: {} })).toThrow(/job queue is not installed.*prepareGraphileQueue/);
    expect(web.depth().queued).toBe(0);
  });

  it('refuses a job of an unknown project', async () => {
    const { db, queue: web } = await openQueue();
    expect(() => web.enqueue({ projectId: 'nope', kind: KIND, payload: {} })).toThrow(expect.objectContaining({ code: 'unknown-project' }));
    expect(graphileJobs(db)).toBe(0);
  });

  it('runs the job of a worker killed with SIGKILL again, on another worker, once', { timeout: 60_000 }, async () => {
    const { db, queue: web } = await openQueue({ sweepMs: 100 });
    const job = web.enqueue({ projectId, kind: KIND, payload: {} });
    const script = fileURLToPath(new URL('./graphileTestWorker.ts', import.meta.url));
    const child = spawn(process.execPath, [script, JSON.stringify({ url, leaseMs: LEASE_MS })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = once(child, 'exit');
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line === `claimed ${job.id}`) resolve();
      });
      void exited.then(() => reject(new Error(`the worker exited before it claimed the job: ${stderr}`)));
    });
    const held = await whenJob(web, job.id, (j) => j.state === 'running');
    child.kill('SIGKILL');
    await exited;

    // the sweeper finds the dead worker's lease expired and queues the job again; another worker runs it
    let effects = 0;
    await startRunner(async () => {
      effects += 1;
      return { ok: true };
    });
    const done = await whenJob(web, job.id, (j) => j.state === 'succeeded');
    expect(done.attempts).toBe(2);
    expect(done.leaseOwner).toBeNull();
    expect(done.finishedAt! - held.leaseExpiresAt!).toBeLessThan(LEASE_MS * 4);
    expect(effects).toBe(1);
    await expect.poll(() => graphileJobs(db), { timeout: 5000 }).toBe(0);
  });

  it('goes on after every connection to the database was cut: a job enqueued afterwards runs and is seen', { timeout: 30_000 }, async () => {
    const { db, queue: web } = await openQueue();
    await startRunner(async () => ({ ok: true }));
    const before = web.enqueue({ projectId, kind: KIND, payload: {} });
    await whenJob(web, before.id, (j) => j.state === 'succeeded');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    } finally {
      await admin.end();
    }
    // the synchronous handle connects again at its next call outside a transaction
    expect(() => db.prepare('SELECT 1').get()).toThrow();
    const after = web.enqueue({ projectId, kind: KIND, payload: {} });
    expect(await whenJob(web, after.id, (j) => j.state === 'succeeded')).toMatchObject({ attempts: 1 });
  });

  it('gives a running job back at shutdown without counting the attempt, and another worker runs it', async () => {
    const { db, queue: web } = await openQueue();
    const first = await startRunner(({ signal }) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))));
    const job = web.enqueue({ projectId, kind: KIND, payload: {}, maxAttempts: 1 });
    await whenJob(web, job.id, (j) => j.state === 'running');
    await first.runner.stop({ timeoutMs: 0 });
    expect(web.get(job.id)).toMatchObject({ state: 'queued', attempts: 0, leaseOwner: null });
    // a new graphile job under the job's key, free to run; the one the stopped pool held lost its key (graphile-worker
    // deletes it when its completion, which its shutdown does not await, gets through; else the stale-lock sweep frees it)
    const keyed = db.execRaw('SELECT locked_by, attempts FROM graphile_worker.jobs WHERE key = $1', [job.id]).rows;
    expect(keyed).toEqual([{ locked_by: null, attempts: 0 }]);
    await startRunner(async () => ({ second: true }));
    const done = await whenJob(web, job.id, (j) => j.state === 'succeeded');
    expect(done).toMatchObject({ attempts: 1, result: { second: true } });
  });

  it('unlocks a graphile job a dead pool locked before it claimed the row', async () => {
    const { db, queue: web } = await openQueue({ staleLockMs: 1000 });
    const job = web.enqueue({ projectId, kind: KIND, payload: {} });
    // what a worker that died right after graphile-worker locked the job for it leaves behind
    db.execRaw("UPDATE graphile_worker._private_jobs SET locked_by = 'pool-dead', locked_at = now() - interval '1 minute', attempts = 1");
    expect(web.recoverExpired()).toEqual([]);
    expect(db.execRaw('SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE locked_by IS NULL').rows[0]!['n']).toBe(1);
    await startRunner(async () => ({ ok: true }));
    expect(await whenJob(web, job.id, (j) => j.state === 'succeeded')).toMatchObject({ attempts: 1 });
  });
});
