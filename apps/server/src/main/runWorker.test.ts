// `verbatim-server worker` as a real child process on a SQLite data directory: it does a job the test enqueued, and
// SIGTERM stops it cleanly; and the settings it refuses, in process.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase.ts';
import { openSqlDatabase } from '../db/openSqlDatabase.ts';
import { GraphileJobQueue, type PostgresSqlDatabase } from '../queue/graphile/GraphileJobQueue.ts';
import { prepareGraphileQueue } from '../queue/graphile/prepareGraphileQueue.ts';
import { testPostgresDatabase } from '../../test/postgres/testPostgresDatabase.ts';
import { DATABASE_FILE } from '../http/createServerContext.ts';
import { MediaStore, type MediaRecord } from '../media/MediaStore.ts';
import { JobQueue } from '../queue/JobQueue.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { EXIT_CONFIG, EXIT_DATABASE, EXIT_OK, type ServerProcess } from './runServer.ts';
import { runWorker } from './runWorker.ts';
import { startWorkerChild } from './workerProcess.ts';

const BUNDLE = resolve(import.meta.dirname, '../../../../models/verbatim-en-char-v1');

let dir: string;
let db: Database;
let queue: JobQueue;
let media: MediaStore;
let projectId: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-worker-'));
  db = openDatabase(join(dir, DATABASE_FILE));
  queue = new JobQueue(db);
  media = new MediaStore(db, { dataDir: dir });
  projectId = crypto.randomUUID();
  db.prepare('INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)').run(projectId, 'Interviews', Date.now());
});

afterAll(() => {
  queue.dispose();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Stores `bytes` as an uploaded file of the project, the way an upload does. */
function addMedia(bytes: Uint8Array, name: string, durationSeconds: number): MediaRecord {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(dirname(media.blobPath(sha256)), { recursive: true });
  writeFileSync(media.blobPath(sha256), bytes);
  return media.insert([{ projectId, sha256, originalName: name, format: 'wav', bytes: bytes.length, durationSeconds, sampleRate: 16000, channels: 1, createdBy: null, peaksPath: null }])[0]!;
}

describe('verbatim-server worker', () => {
  it('does the jobs enqueued in its data directory, logging each start and end, and stops on SIGTERM giving running work back', async () => {
    const speech = addMedia(readFileSync(join(BUNDLE, 'fixtures', 'utt0.wav')), 'utt0.wav', 5);
    const job = queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: speech.id } });
    const worker = startWorkerChild(['--data-dir', dir, '--model-dir', BUNDLE, '--workers', '1', '--plugin-dirs', '']);
    try {
      const started = await worker.waitFor((line) => line.msg === 'job started' && line.jobId === job.id);
      expect(started).toMatchObject({ jobId: job.id });
      expect(await worker.waitFor((line) => line.jobId === job.id && line.msg?.startsWith('job ') === true && line.msg !== 'job started')).toMatchObject({ msg: 'job succeeded', outcome: 'succeeded' });
      expect(queue.get(job.id)).toMatchObject({ state: 'succeeded', attempts: 1 });
      const [transcript] = new TranscriptStore(db).listForProject(projectId);
      expect(transcript).toBeDefined();
      expect(worker.text.join('\n')).toMatch(/^Verbatim worker: 1 transcription worker on .*verbatim\.db, media in .*media\.$/m);

      // a long one, stopped while it runs: it finishes within the grace period or goes back to the queue, never stays claimed
      const tonePath = join(dir, 'tone.wav');
      execFileSync('nice', ['-n', '19', 'sox', '-n', '-r', '16000', '-b', '16', '-c', '1', tonePath, 'synth', '120', 'sine', '440']);
      const long = queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: addMedia(readFileSync(tonePath), 'tone.wav', 120).id } });
      await worker.waitFor((line) => line.msg === 'job started' && line.jobId === long.id);
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toEqual({ code: EXIT_OK, signal: null });
      const ended = worker.lines.find((line) => line.jobId === long.id && line.msg !== 'job started');
      expect(['released', 'succeeded']).toContain(ended?.outcome);
      const after = queue.get(long.id)!;
      if (ended?.outcome === 'released') expect(after).toMatchObject({ state: 'queued', attempts: 0 });
      else expect(after.state).toBe('succeeded');
      expect(worker.lines.map((line) => line.msg)).toContain('worker stopped');
      expect(worker.stderr()).toBe('');
    } finally {
      worker.child.kill('SIGKILL');
    }
  }, 240_000);

  it('shares one SQLite data directory with another worker process: every job done once, by one of them', async () => {
    const jobs = Array.from({ length: 6 }, (_, n) => {
      const name = `utt${n % 3}.wav`;
      const record = addMedia(readFileSync(join(BUNDLE, 'fixtures', name)), name, 5);
      return queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: record.id } }).id;
    });
    const before = new TranscriptStore(db).listForProject(projectId).length;
    const workers = [1, 2].map(() => startWorkerChild(['--data-dir', dir, '--model-dir', BUNDLE, '--plugin-dirs', '']));
    try {
      const succeeded = () => workers.flatMap((worker) => worker.lines.filter((line) => line.msg === 'job succeeded' && jobs.includes(line.jobId!)).map((line) => line.jobId!));
      await Promise.all(jobs.map((id) => Promise.race(workers.map((worker) => worker.waitFor((line) => line.jobId === id && line.msg === 'job succeeded')))));
      for (const worker of workers) worker.child.kill('SIGTERM');
      for (const worker of workers) expect(await worker.exited).toEqual({ code: EXIT_OK, signal: null });
      expect(succeeded().sort()).toEqual([...jobs].sort());
      for (const id of jobs) expect(queue.get(id)).toMatchObject({ state: 'succeeded', attempts: 1 });
      expect(new TranscriptStore(db).listForProject(projectId)).toHaveLength(before + jobs.length);
    } finally {
      for (const worker of workers) worker.child.kill('SIGKILL');
    }
  }, 240_000);

  it('runs the jobs of a PostgreSQL database on graphile-worker, with the media in a shared directory', async () => {
    const url = await testPostgresDatabase();
    const pgDb = openSqlDatabase(url) as PostgresSqlDatabase;
    await prepareGraphileQueue(url);
    const pgQueue = new GraphileJobQueue(pgDb, { url, sweepMs: 0 });
    const shared = join(dir, 'shared-media');
    mkdirSync(shared);
    const worker = startWorkerChild(['--database', url, '--data-dir', join(dir, 'worker-data'), '--media-dir', shared, '--model-dir', BUNDLE, '--plugin-dirs', '']);
    try {
      const pgProject = crypto.randomUUID();
      pgDb.prepare('INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)').run(pgProject, 'Interviews', Date.now());
      const bytes = readFileSync(join(BUNDLE, 'fixtures', 'utt1.wav'));
      const sharedMedia = new MediaStore(pgDb, { dataDir: join(dir, 'web-data'), mediaDir: shared });
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      mkdirSync(dirname(sharedMedia.blobPath(sha256)), { recursive: true });
      writeFileSync(sharedMedia.blobPath(sha256), bytes);
      const [record] = sharedMedia.insert([{ projectId: pgProject, sha256, originalName: 'utt1.wav', format: 'wav', bytes: bytes.length, durationSeconds: 5, sampleRate: 16000, channels: 1, createdBy: null, peaksPath: null }]);
      const job = pgQueue.enqueue({ projectId: pgProject, kind: 'transcribe', payload: { mediaId: record!.id } });
      const ended = await worker.waitFor((line) => line.jobId === job.id && line.msg?.startsWith('job ') === true && line.msg !== 'job started');
      expect(ended, JSON.stringify(pgQueue.get(job.id))).toMatchObject({ msg: 'job succeeded' });
      expect(pgQueue.get(job.id)).toMatchObject({ state: 'succeeded', attempts: 1 });
      expect(new TranscriptStore(pgDb).listForProject(pgProject)).toHaveLength(1);
      expect(worker.text.join('\n')).toContain(`transcription worker on ${url}, media in ${shared}.`);
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toEqual({ code: EXIT_OK, signal: null });
    } finally {
      worker.child.kill('SIGKILL');
      pgQueue.dispose();
      pgDb.close();
    }
  }, 240_000);

  it('stays up when the database ends its connections, and takes the next job once it can', async () => {
    const url = await testPostgresDatabase();
    const pgDb = openSqlDatabase(url, { applicationName: 'verbatim-test' }) as PostgresSqlDatabase;
    await prepareGraphileQueue(url);
    const pgQueue = new GraphileJobQueue(pgDb, { url, sweepMs: 0 });
    const worker = startWorkerChild(['--database', url, '--data-dir', join(dir, 'lost-data'), '--model-dir', BUNDLE, '--plugin-dirs', '']);
    try {
      await worker.waitFor((line) => line.msg === 'worker started');
      // as a database restart or failover would: every connection of the worker ends
      const ended = pgDb.execRaw(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'verbatim-test' AND backend_type = 'client backend'",
      );
      expect(ended.rowCount).toBeGreaterThan(0);
      const projectId = crypto.randomUUID();
      pgDb.prepare('INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)').run(projectId, 'Interviews', Date.now());
      // a job whose recording is gone: it fails at its first attempt, whatever the model does
      const job = pgQueue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: crypto.randomUUID() } });
      await worker.waitFor((line) => line.msg === 'job started' && line.jobId === job.id);
      expect(await worker.waitFor((line) => line.jobId === job.id && line.msg !== 'job started')).toMatchObject({ outcome: 'failed' });
      expect(pgQueue.get(job.id)).toMatchObject({ state: 'failed', attempts: 1, error: expect.stringMatching(/no longer in this project/) });
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toEqual({ code: EXIT_OK, signal: null });
    } finally {
      worker.child.kill('SIGKILL');
      pgQueue.dispose();
      pgDb.close();
    }
  }, 240_000);

  it('says in one line that the database cannot be reached, without its password, and exits 4', async () => {
    const err: string[] = [];
    const exits: number[] = [];
    const args = ['--database', 'postgres://verbatim:hunter2@127.0.0.1:1/verbatim', '--data-dir', join(dir, 'unreachable'), '--model-dir', BUNDLE];
    const proc: ServerProcess = { argv: args, env: { VERBATIM_LOG_LEVEL: 'silent' }, out: () => {}, err: (text) => void err.push(text), onSignal: () => {}, exit: (code) => void exits.push(code) };
    expect(await runWorker(proc, args)).toBeUndefined();
    expect(exits).toEqual([EXIT_DATABASE]);
    expect(err).toEqual(['verbatim: cannot reach the database at postgres://verbatim@127.0.0.1:1/verbatim: connect ECONNREFUSED 127.0.0.1:1']);
  });

  it('refuses settings that are not a worker\'s, and zero workers, with the usage', async () => {
    for (const args of [['--port', '8080'], ['--workers', '0'], ['--database', 'mysql://root:pw@db/x']]) {
      const err: string[] = [];
      const exits: number[] = [];
      const proc: ServerProcess = { argv: args, env: {}, out: () => {}, err: (text) => void err.push(text), onSignal: () => {}, exit: (code) => void exits.push(code) };
      expect(await runWorker(proc, args)).toBeUndefined();
      expect(exits).toEqual([EXIT_CONFIG]);
      expect(err.join('\n')).toContain('Usage: verbatim-server worker');
      expect(err.join('\n')).not.toContain(':pw@');
    }
  });
});
