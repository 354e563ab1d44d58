import type { Migration } from '../../db/Migration.ts';

/**
 * Model comparisons (migration ids 850-859 of the comparisons' 850-899; transcript revisions 860-869, re-runs
 * 870-879). `model_comparisons` holds one comparison of a candidate model against the current transcripts of a
 * project: the job that runs it (its state is the job's), the candidate as resolved when it was asked for, and once
 * the job succeeded what it measured on (`basis`), the transcripts and audio and its rows (`ModelComparisonRowJson[]` as
 * JSON). Gone with its project.
 */
export const COMPARE_MIGRATIONS: readonly Migration[] = [
  {
    id: 850,
    name: 'models: comparisons of a candidate on reviewed work',
    up: `
      CREATE TABLE model_comparisons (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        job_id TEXT NOT NULL,
        candidate_id TEXT NOT NULL,
        candidate_version TEXT NOT NULL,
        candidate_sha256 TEXT NOT NULL,
        transcripts INTEGER NOT NULL DEFAULT 0,
        audio_seconds REAL NOT NULL DEFAULT 0,
        rows TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(rows)),
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        finished_at INTEGER
      ) STRICT;
      CREATE INDEX model_comparisons_by_project ON model_comparisons (project_id, created_at);
    `,
  },
  {
    id: 851,
    name: 'models: what a comparison measured on',
    // verified-spans: the text inside the project's verified spans; reviews: the whole text of reviewed transcripts
    up: `ALTER TABLE model_comparisons ADD COLUMN basis TEXT CHECK (basis IN ('verified-spans', 'reviews'));`,
  },
];
