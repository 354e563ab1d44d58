// A transcription job of a project with a vocabulary, over a real SQLite file and the real model (VERBATIM_BUNDLE,
// default the shipped bundle): the runner hands the project's vocabulary to the decoder.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../test/testServer.ts';
import type { Logger } from '../http/Logger.ts';
import { JobRunner, type FinishedJobAttempt } from '../jobs/JobRunner.ts';
import { MediaStore } from '../media/MediaStore.ts';
import { JobQueue } from '../queue/JobQueue.ts';
import { createTestDatabase, type TestDatabase } from '../../test/queueTestDatabase.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { VocabularyStore } from './VocabularyStore.ts';

const BUNDLE = process.env['VERBATIM_BUNDLE'] ?? resolve(import.meta.dirname, '../../../../models/verbatim-en-char-v1');

let test: TestDatabase;
let projectId: string;
let queue: JobQueue;
let media: MediaStore;
let runner: JobRunner | undefined;
const logs: LogRecord[] = [];

beforeEach(() => {
  test = createTestDatabase();
  projectId = test.addProject();
  queue = new JobQueue(test.db, { backoff: { baseMs: 0, maxMs: 0 } });
  media = new MediaStore(test.db, { dataDir: test.dir });
  logs.length = 0;
});

afterEach(async () => {
  await runner?.stop({ timeoutMs: 0 });
  runner = undefined;
  queue.dispose();
  test.dispose();
});

/** Enqueues a job over a one-second tone and runs it to its first outcome. */
async function runToneJob(): Promise<{ jobId: string; attempt: FinishedJobAttempt }> {
  expect(existsSync(join(BUNDLE, 'model.json')), `no model bundle at ${BUNDLE}: set VERBATIM_BUNDLE`).toBe(true);
  const wav = join(test.dir, 'tone.wav');
  execFileSync('nice', ['-n', '19', 'sox', '-n', '-r', '16000', '-b', '16', '-c', '1', wav, 'synth', '1', 'sine', '440']);
  const bytes = readFileSync(wav);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(dirname(media.blobPath(sha256)), { recursive: true });
  copyFileSync(wav, media.blobPath(sha256));
  const [record] = media.insert([{ projectId, sha256, originalName: 'tone.wav', format: 'wav', bytes: bytes.length, durationSeconds: 1, sampleRate: 16000, channels: 1, createdBy: null, peaksPath: null }]);
  const job = queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: record!.id } });
  const logger: Logger = {
    info: (fields, message) => void logs.push({ level: 'info', fields, message }),
    warn: (fields, message) => void logs.push({ level: 'warn', fields, message }),
    error: (fields, message) => void logs.push({ level: 'error', fields, message }),
  };
  runner = new JobRunner({ db: test.db, queue, media, transcripts: new TranscriptStore(test.db), bundleDir: BUNDLE, heartbeatMs: 20, pollMs: 50, logger });
  const attempt = new Promise<FinishedJobAttempt>((done) => {
    const subscription = runner!.onDidFinishAttempt((finished) => {
      subscription.dispose();
      done(finished);
    });
  });
  runner.start();
  return { jobId: job.id, attempt: await attempt };
}

describe('a transcription job with the project vocabulary', () => {
  it('transcribes with the vocabulary (beam search) and succeeds', async () => {
    new VocabularyStore(test.db).replace(projectId, [{ phrase: 'milwaukee', soundsLike: ['mill walkie'], displayAs: 'Milwaukee', boost: 3 }], null);
    const { jobId, attempt } = await runToneJob();
    expect(attempt).toEqual({ jobId, outcome: 'succeeded' });
    // a 1-s tone: the model may hear no words in it, and then the result also carries the speakers' note
    expect(queue.get(jobId)!.result).toMatchObject({ transcriptId: expect.any(String), lm: expect.any(String) });
    expect(logs.find((log) => log.message === 'transcribing with the project vocabulary')?.fields).toMatchObject({ jobId, vocabularyEntries: 1 });
  }, 60_000);

  it('fails at once, with the decoder\'s reason, when the stored vocabulary has an entry the model cannot spell', async () => {
    // written past the routes' check, as a vocabulary saved for another model would be
    new VocabularyStore(test.db).replace(projectId, [{ phrase: 'milwaukee' }, { phrase: '☃☃' }], null);
    const { jobId, attempt } = await runToneJob();
    expect(attempt).toEqual({ jobId, outcome: 'failed' });
    expect(queue.get(jobId)).toMatchObject({ state: 'failed', attempts: 1, error: expect.stringMatching(/1 vocabulary entry is invalid:\n {2}entry 1 "☃☃"/) });
  }, 60_000);

  it('transcribes without a vocabulary when the project has none', async () => {
    const { jobId, attempt } = await runToneJob();
    expect(attempt).toEqual({ jobId, outcome: 'succeeded' });
    expect(logs.some((log) => log.message === 'transcribing with the project vocabulary')).toBe(false);
  }, 60_000);
});
