import type { Migration } from '../../db/Migration.ts';

/**
 * Transcript revisions (migration ids 860-869, within the model comparisons' 850-899). `transcript_revisions` keeps
 * what a re-run or a restore replaced and what each model run made: `machine` (a job's output as it made it),
 * `before-rerun` and `before-restore` (the document just before it was replaced). `turns` is the document's turns and
 * words as JSON (text, timing, confidence, origin, review mark: what `readTranscriptTurns` reads), `original_words`
 * the transcript's machine words (segments JSON) that went with it, and the model is the transcript's at that time.
 *
 * A transcript's original words and model stay immutable, except that they may move to words and a model a revision
 * of the same transcript holds: a re-run records its `machine` revision first, then makes it the transcript's; a
 * restore goes back to a revision's. Anything else still aborts (the trigger of migration 300, replaced).
 */
export const REVISION_MIGRATIONS: readonly Migration[] = [
  {
    id: 860,
    name: 'transcripts: revisions kept by re-runs and restores',
    up: `
      CREATE TABLE transcript_revisions (
        id TEXT PRIMARY KEY,
        transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('machine', 'before-rerun', 'before-restore')),
        model_id TEXT,
        model_version TEXT,
        model_sha256 TEXT,
        turns TEXT NOT NULL CHECK (json_valid(turns)),
        original_words TEXT CHECK (original_words IS NULL OR json_valid(original_words)),
        words INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT,
        -- the job whose output a machine revision is (a retried job finds its own and does not apply twice)
        job_id TEXT
      ) STRICT;
      CREATE INDEX transcript_revisions_by_transcript ON transcript_revisions (transcript_id, created_at);

      DROP TRIGGER transcripts_original_immutable;
      CREATE TRIGGER transcripts_original_immutable
        BEFORE UPDATE OF original_words, model_id, model_version, model_sha256, media_id, project_id ON transcripts
        WHEN NEW.media_id IS NOT OLD.media_id OR NEW.project_id IS NOT OLD.project_id
          OR NOT EXISTS (
            SELECT 1 FROM transcript_revisions AS r
            WHERE r.transcript_id = NEW.id AND r.original_words = NEW.original_words
              AND r.model_id IS NEW.model_id AND r.model_version IS NEW.model_version AND r.model_sha256 IS NEW.model_sha256
          )
        BEGIN SELECT RAISE(ABORT, 'a transcript''s original words and provenance are immutable (a re-run or restore records a revision first)'); END;
    `,
    // a trigger's WHEN cannot hold a subquery there: the condition moves into the trigger's PL/pgSQL function
    // (SQLite's IS is IS NOT DISTINCT FROM there, its IS NOT is IS DISTINCT FROM)
    postgres: `
      CREATE TABLE transcript_revisions (
        id TEXT PRIMARY KEY,
        transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('machine', 'before-rerun', 'before-restore')),
        model_id TEXT,
        model_version TEXT,
        model_sha256 TEXT,
        turns TEXT NOT NULL CHECK (json_valid(turns)),
        original_words TEXT CHECK (original_words IS NULL OR json_valid(original_words)),
        words BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        created_by TEXT,
        job_id TEXT
      );
      CREATE INDEX transcript_revisions_by_transcript ON transcript_revisions (transcript_id, created_at);

      DROP TRIGGER transcripts_original_immutable ON transcripts;
      CREATE OR REPLACE FUNCTION transcripts_original_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.media_id IS DISTINCT FROM OLD.media_id OR NEW.project_id IS DISTINCT FROM OLD.project_id
            OR NOT EXISTS (
              SELECT 1 FROM transcript_revisions AS r
              WHERE r.transcript_id = NEW.id AND r.original_words = NEW.original_words
                AND r.model_id IS NOT DISTINCT FROM NEW.model_id AND r.model_version IS NOT DISTINCT FROM NEW.model_version
                AND r.model_sha256 IS NOT DISTINCT FROM NEW.model_sha256
            )
          THEN
            RAISE EXCEPTION 'a transcript''s original words and provenance are immutable (a re-run or restore records a revision first)'
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END
      $$;
      CREATE TRIGGER transcripts_original_immutable
        BEFORE UPDATE OF original_words, model_id, model_version, model_sha256, media_id, project_id ON transcripts
        FOR EACH ROW EXECUTE FUNCTION transcripts_original_immutable();
    `,
  },
  {
    id: 861,
    name: 'transcript_revisions: an insertion-order column named rowid on PostgreSQL',
    // TranscriptRevisionStore.list orders by rowid (insertion order) after created_at; every SQLite table but WITHOUT ROWID ones has it,
    // a PostgreSQL table needs the column (an identity: numbered in insertion order, as SQLite numbers rowids)
    up: '-- SQLite: the table has its rowid already',
    postgres: 'ALTER TABLE transcript_revisions ADD COLUMN rowid BIGINT GENERATED BY DEFAULT AS IDENTITY;',
  },
  {
    id: 862,
    name: 'transcript_revisions: one machine revision per job',
    // a re-run job's attempts may overlap across worker processes (one lost its lease while another took the job):
    // the constraint, not the check before it, keeps a job's output from being applied twice
    up: 'CREATE UNIQUE INDEX transcript_revisions_by_job ON transcript_revisions (job_id) WHERE job_id IS NOT NULL;',
  },
];
