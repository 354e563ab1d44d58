import type { SqlDatabase } from '../db/SqlDatabase.ts';
import type { ModelProvenance, PluginProvenance, Segment } from '@verbatim/core';
import { type PluginChange, PluginChangeStore } from '../plugins/PluginChangeStore.ts';
import { calibrateJobWords } from '../quality/calibrateJobWords.ts';
import { JobError } from './JobError.ts';
import type { TranscriptStore } from '../transcripts/TranscriptStore.ts';

/** What a finished transcription job stores. */
export interface JobTranscript {
  readonly jobId: string;
  readonly projectId: string;
  readonly mediaId: string;
  readonly model: ModelProvenance;
  /** The words the document starts with: the recogniser's, as plugins post-processed them. */
  readonly segments: readonly Segment[];
  /** The recogniser's words before any plugin (default: `segments`), kept as the transcript's original words. */
  readonly originalSegments?: readonly Segment[];
  /** The plugins that touched the words (default none). */
  readonly plugins?: readonly PluginProvenance[];
  /** What the plugins' post-processors changed, in order (default none). */
  readonly changes?: readonly PluginChange[];
}

/**
 * Stores the transcript a job made (record with its plugin provenance, original words, initial Y.Doc and the plugins'
 * change records) and the job → transcript link in one transaction, and returns its id. Throws {@link JobError}
 * `media-not-found` when the recording is no longer in the project (deleted while it was transcribed). Idempotent per job: when the job already stored one (it was retried after a crash
 * that came between storing and completing, or another attempt of it ran at the same time in another process), that
 * transcript's id is returned and nothing is written — the primary key on `transcript_jobs.job_id` holds it, not only
 * the check before it.
 */
export function storeJobTranscript(db: SqlDatabase, transcripts: TranscriptStore, input: JobTranscript): string {
  const store = db.transaction((): string => {
    const existing = db.prepare<[string], { transcript_id: string }>('SELECT transcript_id FROM transcript_jobs WHERE job_id = ?').get(input.jobId);
    if (existing !== undefined) return existing.transcript_id;
    // the recording may have been deleted while it was transcribed: its transcript would belong to nothing
    if (db.prepare('SELECT 1 FROM media WHERE id = ? AND project_id = ?').get(input.mediaId, input.projectId) === undefined) {
      throw new JobError('media-not-found', `The media ${input.mediaId} was deleted while it was transcribed.`);
    }
    const record = transcripts.create({
      projectId: input.projectId,
      mediaId: input.mediaId,
      model: input.model,
      // the model version's active calibration revision (field quality's recalibration), if it has one
      segments: calibrateJobWords(db, input.model, input.segments),
      ...(input.originalSegments === undefined ? {} : { originalSegments: calibrateJobWords(db, input.model, input.originalSegments) }),
      ...(input.plugins === undefined ? {} : { plugins: input.plugins }),
    });
    if (input.changes !== undefined && input.changes.length > 0) new PluginChangeStore(db).add(record.id, input.changes);
    db.prepare('INSERT INTO transcript_jobs (job_id, transcript_id) VALUES (?, ?)').run(input.jobId, record.id);
    return record.id;
  });
  try {
    return store.immediate();
  } catch (error) {
    // two attempts of the job overlapped (worker processes on PostgreSQL: one lost its lease while another took the
    // job) and the other stored first: the key on transcript_jobs.job_id refused this one's link, rolling it back
    const code = (error as { code?: unknown }).code;
    const existing = code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' ? transcriptOfJob(db, input.jobId) : undefined;
    if (existing !== undefined) return existing;
    throw error;
  }
}

/** The transcript a job made, if it made one. */
export function transcriptOfJob(db: SqlDatabase, jobId: string): string | undefined {
  return db.prepare<[string], { transcript_id: string }>('SELECT transcript_id FROM transcript_jobs WHERE job_id = ?').get(jobId)?.transcript_id;
}
