// A worker process for the PostgreSQL queue's crash test: runs the jobs graphile-worker hands it on the database in
// argv[2]'s config, prints `claimed <id>` when it holds one and then works on it (heartbeats keep its lease) until it
// is killed — the test kills it with SIGKILL.
import { PostgresDatabase } from '../../db/postgres/PostgresDatabase.ts';
import { runClaimedJob } from '../runClaimedJob.ts';
import { GraphileJobQueue } from './GraphileJobQueue.ts';

interface Config {
  url: string;
  leaseMs: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const db = new PostgresDatabase(config.url, { applicationName: 'verbatim-test-worker' });
const queue = new GraphileJobQueue(db, { url: config.url, sweepMs: 0, listen: false });
const source = queue.jobSource({ workers: 1, leaseMs: config.leaseMs, pollMs: 100 });
source.start((job, workerId) => {
  process.stdout.write(`claimed ${job.id}\n`);
  return runClaimedJob(queue, job, (_job, { signal }) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))), {
    workerId,
    leaseMs: config.leaseMs,
  });
});
