import type { Migration } from '../db/Migration.ts';

/**
 * Transcription jobs (migration ids 400-499). `transcript_jobs` records which job made which transcript, written in
 * the same transaction as the transcript: a job retried after a crash (between storing its transcript and
 * completing) finds its transcript there instead of making a second one.
 */
export const JOB_MIGRATIONS: readonly Migration[] = [
  {
    id: 400,
    name: 'jobs: the transcript each transcription job made',
    up: `
      CREATE TABLE transcript_jobs (
        job_id TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
        transcript_id TEXT NOT NULL UNIQUE REFERENCES transcripts(id) ON DELETE CASCADE
      ) STRICT;
    `,
  },
];
