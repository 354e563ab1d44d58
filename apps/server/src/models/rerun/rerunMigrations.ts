import type { Migration } from '../../db/Migration.ts';

/**
 * Re-run batches (migration ids 870-879 of the comparisons' 850-899): `reruns` records one "re-transcribe everything
 * made by model X" request: the model selected by, the time window, the model it re-transcribes with (resolved when
 * asked) and its `retranscribe` jobs (JSON array of ids; their states are the batch's progress). Gone with its project.
 */
export const RERUN_MIGRATIONS: readonly Migration[] = [
  {
    id: 870,
    name: 'models: re-run batches',
    up: `
      CREATE TABLE reruns (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        from_id TEXT NOT NULL,
        from_version TEXT NOT NULL,
        from_sha256 TEXT NOT NULL,
        model_id TEXT NOT NULL,
        model_version TEXT NOT NULL,
        model_sha256 TEXT NOT NULL,
        since INTEGER,
        until INTEGER,
        job_ids TEXT NOT NULL CHECK (json_valid(job_ids)),
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX reruns_by_project ON reruns (project_id, created_at);
    `,
  },
];
