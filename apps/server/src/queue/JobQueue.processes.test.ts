// Real processes on one database file: a worker killed with SIGKILL mid-job, and two workers claiming side by side.
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobQueue } from './JobQueue.ts';
import { createTestDatabase } from '../../test/queueTestDatabase.ts';
import type { TestDatabase } from '../../test/queueTestDatabase.ts';
import { testsUsePostgres } from '../../test/postgres/testDatabaseEngine.ts';

const workerScript = fileURLToPath(new URL('./queueTestWorker.ts', import.meta.url));

interface WorkerConfig {
  workerId: string;
  leaseMs: number;
  workMs: number;
  peers?: number;
}

interface WorkerProcess {
  child: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Every `claimed`/`done` line so far. */
  lines: string[];
  /** Resolves with the first line matching. */
  waitFor(test: (lines: string[]) => boolean): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startWorker(dbPath: string, config: WorkerConfig): WorkerProcess {
  const child = spawn(process.execPath, [workerScript, JSON.stringify({ dbPath, ...config })], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { test: (lines: string[]) => boolean; resolve: () => void }[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.test(lines)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, stderr }));
  return {
    child,
    lines,
    waitFor: (test) =>
      new Promise((resolve, reject) => {
        if (test(lines)) return resolve();
        waiters.push({ test, resolve });
        void exited.then((e) => reject(new Error(`worker exited (${e.code ?? e.signal}) before the expected output: ${e.stderr}`)));
      }),
    exited,
  };
}

const claimedIds = (lines: string[]) => lines.filter((l) => l.startsWith('claimed ')).map((l) => l.slice('claimed '.length));
const doneCount = (lines: string[]) => lines.filter((l) => l.startsWith('done ')).length;

// processes sharing one SQLite file; on PostgreSQL the queue across processes is GraphileJobQueue (its own tests)
describe.skipIf(testsUsePostgres())('JobQueue across processes', () => {
  let t: TestDatabase;
  let queue: JobQueue;
  let projectId: string;

  beforeEach(() => {
    t = createTestDatabase();
    queue = new JobQueue(t.db);
    projectId = t.addProject();
    // counts every transition to `succeeded` in the same transaction as the transition itself
    t.db.exec(`
      CREATE TABLE test_completions (job_id TEXT NOT NULL, worker TEXT);
      CREATE TRIGGER test_count_completions AFTER UPDATE OF state ON jobs WHEN NEW.state = 'succeeded'
      BEGIN INSERT INTO test_completions (job_id, worker) VALUES (NEW.id, OLD.lease_owner); END;
    `);
  });
  afterEach(() => {
    queue.dispose();
    t.dispose();
  });

  const enqueueMany = (n: number) =>
    Array.from({ length: n }, (_, i) => queue.enqueue({ projectId, kind: 'test.work', payload: { n: i } }).id);
  const completions = () =>
    t.db.prepare('SELECT job_id AS jobId, worker FROM test_completions ORDER BY rowid').all() as { jobId: string; worker: string }[];

  it('finishes every job exactly once after a worker is killed with SIGKILL mid-job', { timeout: 60_000 }, async () => {
    const ids = enqueueMany(5);
    const a = startWorker(t.path, { workerId: 'A', leaseMs: 300, workMs: 1_000 });
    // two jobs done, the third claimed and in progress
    await a.waitFor((lines) => doneCount(lines) >= 2 && claimedIds(lines).length === 3);
    a.child.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    const inFlight = claimedIds(a.lines)[2]!;
    expect(queue.get(inFlight)).toMatchObject({ state: 'running', leaseOwner: 'A', attempts: 1 });

    const b = startWorker(t.path, { workerId: 'B', leaseMs: 300, workMs: 50 });
    const exit = await b.exited;
    expect(exit.code, exit.stderr).toBe(0);

    for (const id of ids) expect(queue.get(id)?.state).toBe('succeeded');
    const done = completions();
    expect(done.map((c) => c.jobId).sort()).toEqual([...ids].sort());
    expect(done.filter((c) => c.worker === 'A')).toHaveLength(2);
    expect(queue.get(inFlight)).toMatchObject({ attempts: 2, result: { workerId: 'B', attempt: 2 } });
    // B took the jobs A never reached, and the one A was killed on once its lease ran out
    const rest = ids.filter((id) => !claimedIds(a.lines).includes(id));
    expect(claimedIds(b.lines).sort()).toEqual([inFlight, ...rest].sort());
  });

  it('never hands the same job to two processes claiming from one file', { timeout: 60_000 }, async () => {
    const ids = enqueueMany(120);
    const workers = ['P', 'Q'].map((workerId) => startWorker(t.path, { workerId, leaseMs: 30_000, workMs: 1, peers: 2 }));
    for (const w of workers) {
      const exit = await w.exited;
      expect(exit.code, exit.stderr).toBe(0);
    }
    const [p, q] = workers.map((w) => claimedIds(w.lines));
    expect(p!.length).toBeGreaterThan(0); // the `peers` barrier makes both start with a job of their own
    expect(q!.length).toBeGreaterThan(0);
    expect(p!.filter((id) => q!.includes(id))).toEqual([]);
    expect([...p!, ...q!].sort()).toEqual([...ids].sort());
    expect(completions()).toHaveLength(ids.length);
    expect(queue.depth()).toMatchObject({ queued: 0, running: 0, succeeded: ids.length });
    for (const id of ids) expect(queue.get(id)?.attempts).toBe(1);
  });
});
