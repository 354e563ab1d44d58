import type { Migration } from '../db/Migration.ts';

/**
 * Training exports (migration ids 1100-1149): who exported a project's verified speech as training data and when,
 * and what went out (an export whose download stopped stays on record as incomplete); and which split a model
 * comparison measured on. Times are integer milliseconds since the epoch.
 */
export const TRAINING_MIGRATIONS: readonly Migration[] = [
  {
    id: 1100,
    name: 'training exports',
    up: `
      CREATE TABLE training_exports (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('streaming', 'complete', 'incomplete')),
        segments INTEGER NOT NULL,
        seconds REAL NOT NULL,
        recordings INTEGER NOT NULL,
        dropped INTEGER NOT NULL,
        finished_at INTEGER
      ) STRICT;
      CREATE INDEX training_exports_by_project ON training_exports(project_id, created_at);
    `,
  },
  {
    id: 1101,
    name: 'the split a model comparison measured on',
    up: `ALTER TABLE model_comparisons ADD COLUMN split TEXT CHECK (split IS NULL OR split = 'test');`,
  },
];
