// Exactly-once effect across processes on PostgreSQL: two attempts of one job (a worker that lost its lease and the
// worker that took the job over) store its transcript at the same time; one transcript results, and both get its id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Segment } from '@verbatim/core';
import { openSqlDatabase } from '../db/openSqlDatabase.ts';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { MediaStore } from '../media/MediaStore.ts';
import { JobQueue } from '../queue/JobQueue.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { testPostgresDatabase } from '../../test/postgres/testPostgresDatabase.ts';
import { storeJobTranscript, transcriptOfJob, type JobTranscript } from './storeJobTranscript.ts';

let dir: string;
let first: SqlDatabase;
let second: SqlDatabase;

beforeEach(async () => {
  const url = await testPostgresDatabase();
  dir = mkdtempSync(join(tmpdir(), 'vwb-once-'));
  first = openSqlDatabase(url);
  second = openSqlDatabase(url);
});

afterEach(() => {
  first.close();
  second.close();
  rmSync(dir, { recursive: true, force: true });
});

it('stores one transcript when two attempts of a job store theirs at the same time', () => {
  const projectId = crypto.randomUUID();
  first.prepare('INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)').run(projectId, 'Interviews', Date.now());
  const [media] = new MediaStore(first, { dataDir: dir }).insert([
    { projectId, sha256: 'b'.repeat(64), originalName: 'x.wav', format: 'wav', bytes: 3, durationSeconds: 1, sampleRate: 16000, channels: 1, createdBy: null, peaksPath: null },
  ]);
  const job = new JobQueue(first).enqueue({ projectId, kind: 'transcribe', payload: { mediaId: media!.id } });
  const segments: Segment[] = [{ start: 0, end: 1, words: [{ text: 'hello', start: 0, end: 1, confidence: 0.9 }] }];
  const input: JobTranscript = { jobId: job.id, projectId, mediaId: media!.id, model: { id: 'm', version: '1', sha256: 'a'.repeat(64) }, segments };

  // the first attempt has checked that the job stored nothing yet when the second (another process) stores and commits
  const transcripts = new TranscriptStore(first);
  let other: string | undefined;
  const racing = Object.create(transcripts, {
    create: {
      value: (record: Parameters<TranscriptStore['create']>[0]) => {
        other ??= storeJobTranscript(second, new TranscriptStore(second), input);
        return transcripts.create(record);
      },
    },
  }) as TranscriptStore;

  const id = storeJobTranscript(first, racing, input);
  expect(other).toBeDefined();
  expect(id).toBe(other);
  expect(transcriptOfJob(first, job.id)).toBe(id);
  expect(transcripts.listForProject(projectId).map((t) => t.id)).toEqual([id]);
});
