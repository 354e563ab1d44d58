// The job runner over a real SQLite file, real media blobs and the real model (VERBATIM_BUNDLE, default the shipped bundle).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Segment } from '@verbatim/core';
import { MediaStore, type MediaRecord } from '../media/MediaStore.ts';
import type { Job } from '../queue/Job.ts';
import { JobQueue } from '../queue/JobQueue.ts';
import { createTestDatabase, type TestDatabase } from '../../test/queueTestDatabase.ts';
import { createTestModelStore, type TestModelStore } from '../../test/modelStoreFixtures.ts';
import { identityOf, ModelRegistry } from '../models/ModelRegistry.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import type { JobHandler } from './JobHandler.ts';
import { JobRunner, type FinishedJobAttempt } from './JobRunner.ts';
import { storeJobTranscript, transcriptOfJob } from './storeJobTranscript.ts';

const BUNDLE = process.env['VERBATIM_BUNDLE'] ?? resolve(import.meta.dirname, '../../../../models/verbatim-en-char-v1');

let test: TestDatabase;
let projectId: string;
let queue: JobQueue;
let media: MediaStore;
let transcripts: TranscriptStore;
const runners: JobRunner[] = [];

beforeEach(() => {
  test = createTestDatabase();
  projectId = test.addProject();
  queue = new JobQueue(test.db, { backoff: { baseMs: 0, maxMs: 0 } });
  media = new MediaStore(test.db, { dataDir: test.dir });
  transcripts = new TranscriptStore(test.db);
});

afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop({ timeoutMs: 0 })));
  queue.dispose();
  test.dispose();
});

function runner(handlers?: Record<string, JobHandler>): JobRunner {
  expect(existsSync(join(BUNDLE, 'model.json')), `no model bundle at ${BUNDLE}: set VERBATIM_BUNDLE`).toBe(true);
  const created = new JobRunner({ db: test.db, queue, media, transcripts, bundleDir: BUNDLE, heartbeatMs: 20, pollMs: 50, ...(handlers && { handlers }) });
  runners.push(created);
  return created;
}

/** Stores `bytes` as an uploaded file of the project, the way an upload does. */
function addMedia(bytes: Uint8Array, name: string): MediaRecord {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const path = media.blobPath(sha256);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  const [record] = media.insert([{ projectId, sha256, originalName: name, format: 'wav', bytes: bytes.length, durationSeconds: 1, sampleRate: 16000, channels: 1, createdBy: null, peaksPath: null }]);
  return record!;
}

function sineWav(seconds: number): Uint8Array {
  const path = join(test.dir, `sine-${seconds}.wav`);
  execFileSync('nice', ['-n', '19', 'sox', '-n', '-r', '16000', '-b', '16', '-c', '1', path, 'synth', String(seconds), 'sine', '440']);
  return new Uint8Array(readFileSync(path));
}

function nextAttempt(target: JobRunner): Promise<FinishedJobAttempt> {
  return new Promise((resolve) => {
    const subscription = target.onDidFinishAttempt((attempt) => {
      subscription.dispose();
      resolve(attempt);
    });
  });
}

function whenRunning(jobId: string): Promise<Job> {
  return new Promise((resolve) => {
    const subscription = queue.onDidChangeJob((job) => {
      if (job.id === jobId && job.state === 'running') {
        subscription.dispose();
        resolve(job);
      }
    });
  });
}

describe('JobRunner', () => {
  it('fails a job whose audio the decoder refuses at once, with the decoder\'s message', async () => {
    // the 44-byte header of a WAV that promises 32 000 bytes of samples, and 4 of them
    const wav = sineWav(1).slice(0, 48);
    const record = addMedia(wav, 'broken.wav');
    const job = queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: record.id } });
    const target = runner();
    const attempt = nextAttempt(target);
    target.start();
    expect(await attempt).toEqual({ jobId: job.id, outcome: 'failed' });
    const failed = queue.get(job.id)!;
    expect(failed).toMatchObject({ state: 'failed', attempts: 1 });
    expect(failed.error).toBe('The file is incomplete: the WAV header says 32,000 bytes of audio but the file ends after 4.');
    expect(transcripts.listForProject(projectId)).toEqual([]);
  }, 60_000);

  it('fails a job whose media is gone without trying again', async () => {
    const job = queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: crypto.randomUUID() } });
    const target = runner();
    const attempt = nextAttempt(target);
    target.start();
    expect((await attempt).outcome).toBe('failed');
    expect(queue.get(job.id)).toMatchObject({ state: 'failed', attempts: 1, error: expect.stringMatching(/no longer in this project/) });
  });

  it('tells of the attempts it starts itself, not of other runners\' claims on the same queue', async () => {
    const jobs = [0, 1, 2, 3].map(() => queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: crypto.randomUUID() } }).id);
    const [a, b] = [runner(), runner()];
    const started = new Map<JobRunner, string[]>([[a, []], [b, []]]);
    const finished = new Map<JobRunner, string[]>([[a, []], [b, []]]);
    for (const target of [a, b]) {
      target.onDidStartAttempt((job) => started.get(target)!.push(job.id));
      target.onDidFinishAttempt((attempt) => finished.get(target)!.push(attempt.jobId));
    }
    a.start();
    b.start();
    await expect.poll(() => [...finished.values()].flat().length, { timeout: 60_000 }).toBe(jobs.length);
    // the queue's change events report every claim to both; each runner's start event names only its own
    for (const target of [a, b]) expect(started.get(target)).toEqual(finished.get(target));
    expect([...started.values()].flat().sort()).toEqual([...jobs].sort());
  }, 90_000);

  it('gives a running job back to the queue on stop, and another runner completes it once', async () => {
    const record = addMedia(sineWav(20), 'tone.wav');
    const job = queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: record.id } });
    const first = runner();
    const running = whenRunning(job.id);
    const released = nextAttempt(first);
    first.start();
    await running;
    await first.stop({ timeoutMs: 0 });
    expect((await released).outcome).toBe('released');
    expect(queue.get(job.id)).toMatchObject({ state: 'queued', attempts: 0 });

    const second = runner();
    const done = nextAttempt(second);
    second.start();
    expect((await done).outcome).toBe('succeeded');
    const finished = queue.get(job.id)!;
    expect(finished.state).toBe('succeeded');
    const transcriptId = (finished.result as { transcriptId: string }).transcriptId;
    expect(transcriptOfJob(test.db, job.id)).toBe(transcriptId);
    expect(transcripts.listForProject(projectId).map((t) => t.id)).toEqual([transcriptId]);
    expect(transcripts.get(transcriptId)).toMatchObject({ mediaId: record.id, projectId });
  }, 120_000);

  it('stops a running job that is cancelled', async () => {
    const record = addMedia(sineWav(20), 'tone.wav');
    const job = queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: record.id } });
    const target = runner();
    const running = whenRunning(job.id);
    const attempt = nextAttempt(target);
    target.start();
    await running;
    expect(queue.cancel(job.id)).toMatchObject({ state: 'running', cancelRequested: true });
    expect(await attempt).toEqual({ jobId: job.id, outcome: 'cancelled' });
    expect(queue.get(job.id)!.state).toBe('cancelled');
    expect(transcripts.listForProject(projectId)).toEqual([]);
  }, 60_000);
});

describe('JobRunner handlers', () => {
  it('runs a job of another kind with its handler, which can share the model pools', async () => {
    const seen: { kind: string; payload: unknown; pools: boolean }[] = [];
    const target = runner({
      'count-words': async ({ job, acquirePool, reportProgress }) => {
        const lease = await acquirePool({ sha256: 'e'.repeat(64), dir: BUNDLE });
        try {
          seen.push({ kind: job.kind, payload: job.payload, pools: target.loadedModels.get('e'.repeat(64)) === 1 });
          reportProgress(0.5);
          return { model: (await lease.pool.ready()).id };
        } finally {
          lease.release();
        }
      },
    });
    const job = queue.enqueue({ projectId, kind: 'count-words', payload: { n: 3 } });
    const attempt = nextAttempt(target);
    target.start();
    expect(await attempt).toEqual({ jobId: job.id, outcome: 'succeeded' });
    expect(seen).toEqual([{ kind: 'count-words', payload: { n: 3 }, pools: true }]);
    expect(queue.get(job.id)).toMatchObject({ state: 'succeeded', result: { model: 'verbatim-en-char' } });
    expect(target.loadedModels.get('e'.repeat(64))).toBe(0);
  }, 60_000);

  it('fails a job of a kind no handler runs, at once', async () => {
    const job = queue.enqueue({ projectId, kind: 'constructor', payload: {} });
    const target = runner();
    const attempt = nextAttempt(target);
    target.start();
    expect(await attempt).toEqual({ jobId: job.id, outcome: 'failed' });
    expect(queue.get(job.id)).toMatchObject({ state: 'failed', attempts: 1, error: 'This server does not run jobs of kind "constructor".' });
  });
});

describe('JobRunner with a model registry', () => {
  let models: TestModelStore;
  let registry: ModelRegistry;

  beforeAll(async () => {
    models = await createTestModelStore();
  }, 60_000);

  afterAll(() => models?.dispose());

  beforeEach(() => {
    registry = new ModelRegistry({ db: test.db, store: models.store });
  });

  function registryRunner(): JobRunner {
    const created = new JobRunner({ db: test.db, queue, media, transcripts, models: registry, heartbeatMs: 20, pollMs: 50 });
    runners.push(created);
    return created;
  }

  /** Resolves once the job reports progress: it has resolved its model and is transcribing. */
  function whenTranscribing(jobId: string): Promise<void> {
    return new Promise((resolve) => {
      const subscription = queue.onDidChangeJob((job) => {
        if (job.id === jobId && job.progress > 0) {
          subscription.dispose();
          resolve();
        }
      });
    });
  }

  it('finishes a running job on the model it started with while the next job uses the alias as moved', async () => {
    await registry.setAlias({ alias: 'default', model: models.first.ref, by: 'test', reason: 'start' });
    const tone = addMedia(sineWav(20), 'tone.wav');
    const first = queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: tone.id } });
    const target = registryRunner();
    const transcribing = whenTranscribing(first.id);
    const firstDone = nextAttempt(target);
    target.start();
    await transcribing;
    expect(registry.jobModel(first.id)).toEqual(identityOf(models.first));
    // the model it runs on cannot be removed under it
    expect(registry.usage(models.first)).toContain(`running job ${first.id}`);
    await registry.setAlias({ alias: 'default', model: models.second.ref, by: 'test', reason: 'moved while the job runs' });
    expect(await firstDone).toEqual({ jobId: first.id, outcome: 'succeeded' });
    expect(queue.get(first.id)!.result).toMatchObject({ model: identityOf(models.first) });
    const firstTranscript = (queue.get(first.id)!.result as { transcriptId: string }).transcriptId;
    expect(transcripts.get(firstTranscript)!.model).toEqual(identityOf(models.first));

    const second = queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: tone.id } });
    const secondDone = nextAttempt(target);
    expect(await secondDone).toEqual({ jobId: second.id, outcome: 'succeeded' });
    expect(queue.get(second.id)!.result).toMatchObject({ model: identityOf(models.second) });
    // each model had its own pool; the first, idle once the second loaded, went (one idle pool is kept)
    expect([...target.loadedModels.keys()]).toEqual([models.second.sha256]);
  }, 120_000);

  it('finishes a job given back at shutdown on the model it started on, though the alias moved meanwhile', async () => {
    await registry.setAlias({ alias: 'default', model: models.first.ref, by: 'test', reason: 'start' });
    const job = queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: addMedia(sineWav(20), 'tone.wav').id } });
    const before = registryRunner();
    const transcribing = whenTranscribing(job.id);
    const released = nextAttempt(before);
    before.start();
    await transcribing;
    await before.stop({ timeoutMs: 0 });
    expect((await released).outcome).toBe('released');
    await registry.setAlias({ alias: 'default', model: models.second.ref, by: 'test', reason: 'moved while the server was down' });
    const after = registryRunner();
    const done = nextAttempt(after);
    after.start();
    expect(await done).toEqual({ jobId: job.id, outcome: 'succeeded' });
    expect(queue.get(job.id)!.result).toMatchObject({ model: identityOf(models.first) });
  }, 120_000);

  it('fails a job at once, without crashing, when no default model is set', async () => {
    const record = addMedia(sineWav(1), 'tone.wav');
    const job = queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: record.id } });
    const target = registryRunner();
    const attempt = nextAttempt(target);
    target.start();
    expect(await attempt).toEqual({ jobId: job.id, outcome: 'failed' });
    expect(queue.get(job.id)).toMatchObject({ state: 'failed', attempts: 1, error: expect.stringMatching(/^No default model is set/) });
  });
});

describe('storeJobTranscript', () => {
  it('stores one transcript per job, however often it is called', () => {
    const record = addMedia(new Uint8Array([1, 2, 3]), 'x.wav');
    const job = queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: record.id } });
    const segments: Segment[] = [{ start: 0, end: 1, words: [{ text: 'hello', start: 0, end: 1, confidence: 0.9 }] }];
    const input = { jobId: job.id, projectId, mediaId: record.id, model: { id: 'm', version: '1', sha256: 'a'.repeat(64) }, segments };
    const id = storeJobTranscript(test.db, transcripts, input);
    expect(storeJobTranscript(test.db, transcripts, input)).toBe(id);
    expect(transcripts.listForProject(projectId).map((t) => t.id)).toEqual([id]);
    expect(transcripts.originalSegments(id)).toEqual(segments);
  });

  it('keeps no transcript when the link cannot be written (all or nothing)', () => {
    // a job id the jobs table does not hold: the transcript is written, then the link's foreign key fails
    const jobId = crypto.randomUUID();
    const record = addMedia(new Uint8Array([1, 2, 3]), 'x.wav');
    const segments: Segment[] = [{ start: 0, end: 1, words: [{ text: 'hello', start: 0, end: 1, confidence: 0.9 }] }];
    const input = { jobId, projectId, mediaId: record.id, model: { id: 'm', version: '1', sha256: 'a'.repeat(64) }, segments };
    expect(() => storeJobTranscript(test.db, transcripts, input)).toThrow(/FOREIGN KEY/);
    expect(transcriptOfJob(test.db, jobId)).toBeUndefined();
    expect(transcripts.listForProject(projectId)).toEqual([]);
    expect(test.db.prepare('SELECT count(*) AS n FROM doc_updates').get()).toEqual({ n: 0 });
  });

  it('stores nothing for a recording deleted while it was transcribed', () => {
    const record = addMedia(new Uint8Array([4, 5, 6]), 'gone.wav');
    const job = queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: record.id } });
    test.db.prepare('DELETE FROM media WHERE id = ?').run(record.id);
    const segments: Segment[] = [{ start: 0, end: 1, words: [{ text: 'hello', start: 0, end: 1, confidence: 0.9 }] }];
    const input = { jobId: job.id, projectId, mediaId: record.id, model: { id: 'm', version: '1', sha256: 'a'.repeat(64) }, segments };
    expect(() => storeJobTranscript(test.db, transcripts, input)).toThrow(expect.objectContaining({ code: 'media-not-found' }));
    expect(transcripts.listForProject(projectId)).toEqual([]);
  });
});
