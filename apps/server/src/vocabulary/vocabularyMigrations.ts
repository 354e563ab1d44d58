import type { Migration } from '../db/Migration.ts';

/**
 * The project vocabulary schema (migration ids 500-599): the phrases a project's transcriptions boost. `sounds_like`
 * is a JSON array of strings or NULL; `boost` NULL means the decoder's default. Times are integer milliseconds since
 * the epoch. Each entry says where it came from (`source`): typed in by hand, added from a correction in a transcript
 * (which one, and the correction's before and after text), imported with a whole list, or `unrecorded` for entries
 * made before this was kept; and who changed it last.
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
  {
    id: 501,
    name: 'project vocabulary: where each entry came from',
    up: `
      ALTER TABLE project_vocabulary ADD COLUMN source TEXT NOT NULL DEFAULT 'unrecorded'
        CHECK (source IN ('unrecorded', 'manual', 'correction', 'import'));
      ALTER TABLE project_vocabulary ADD COLUMN source_transcript_id TEXT REFERENCES transcripts(id) ON DELETE SET NULL;
      ALTER TABLE project_vocabulary ADD COLUMN source_before TEXT CHECK (source_before IS NULL OR length(source_before) <= 500);
      ALTER TABLE project_vocabulary ADD COLUMN source_after TEXT CHECK (source_after IS NULL OR length(source_after) <= 500);
      ALTER TABLE project_vocabulary ADD COLUMN updated_by TEXT REFERENCES users(id) ON DELETE SET NULL;
    `,
  },
];
