// A worker process for the crash and concurrency tests: claims jobs from the database in argv[2]'s config until
// none is queued or running, "works" on each with heartbeats, and prints `claimed <id>` / `done <id> <outcome>`.
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../db/openDatabase.ts';
import { JobQueue } from './JobQueue.ts';
import { runClaimedJob } from './runClaimedJob.ts';

interface Config {
  dbPath: string;
  workerId: string;
  leaseMs: number;
  /** Time each job takes. */
  workMs: number;
  /** Hold the first job until this many workers hold one, so the test's processes surely run side by side. */
  peers?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const db = openDatabase(config.dbPath);
const queue = new JobQueue(db);
const countOwners = db.prepare<[], { owners: number }>(
  'SELECT count(DISTINCT lease_owner) AS owners FROM jobs WHERE lease_owner IS NOT NULL',
);
const print = (line: string): void => void process.stdout.write(`${line}\n`);

let first = true;
for (;;) {
  const job = queue.claim(config.workerId, config.leaseMs);
  if (job === undefined) {
    const depth = queue.depth();
    if (depth.queued === 0 && depth.running === 0) break;
    await sleep(Math.min(50, config.leaseMs / 4));
    continue;
  }
  print(`claimed ${job.id}`);
  while (first && countOwners.get()!.owners < (config.peers ?? 1)) {
    queue.heartbeat(job.id, config.workerId, config.leaseMs);
    await sleep(10);
  }
  first = false;
  const outcome = await runClaimedJob(
    queue,
    job,
    async (claimed, { signal, reportProgress }) => {
      const steps = Math.max(1, Math.ceil(config.workMs / 50));
      for (let step = 1; step <= steps; step++) {
        await sleep(config.workMs / steps, undefined, { signal });
        reportProgress(step / steps);
      }
      return { workerId: config.workerId, pid: process.pid, attempt: claimed.attempts };
    },
    { workerId: config.workerId, leaseMs: config.leaseMs },
  );
  print(`done ${job.id} ${outcome}`);
}
db.close();
