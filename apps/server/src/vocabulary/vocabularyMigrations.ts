import type { Migration } from '../db/Migration.ts';

/**
 * The project vocabulary schema (migration ids 500-599): the phrases a project's transcriptions boost. `sounds_like`
 * is a JSON array of strings or NULL; `boost` NULL means the decoder's default. Times are integer milliseconds since
 * the epoch.
 */
export const VOCABULARY_MIGRATIONS: readonly Migration[] = [
  {
    id: 500,
    name: 'project vocabulary',
    up: `
      CREATE TABLE project_vocabulary (
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        phrase TEXT NOT NULL CHECK (length(phrase) BETWEEN 1 AND 200),
        sounds_like TEXT CHECK (sounds_like IS NULL OR json_type(sounds_like) = 'array'),
        display_as TEXT,
        boost REAL,
        created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (project_id, phrase)
      ) STRICT;
    `,
  },
];
