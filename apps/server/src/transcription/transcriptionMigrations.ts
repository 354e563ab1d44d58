import type { Migration } from '../db/Migration.ts';

/**
 * Transcription settings (migration ids 1300-1349): per project, whether new jobs restore punctuation and capitals
 * and how they find speakers (`auto`, an expected number, or `off`). A project without a row has the defaults.
 * Times are integer milliseconds since the epoch.
 */
export const TRANSCRIPTION_MIGRATIONS: readonly Migration[] = [
  {
    id: 1300,
    name: 'project transcription settings',
    up: `
      CREATE TABLE transcription_settings (
        project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
        punctuate INTEGER NOT NULL CHECK (punctuate IN (0, 1)),
        speakers TEXT NOT NULL CHECK (speakers IN ('auto', 'off') OR (CAST(speakers AS INTEGER) BETWEEN 1 AND 16 AND speakers = CAST(CAST(speakers AS INTEGER) AS TEXT))),
        updated_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
    // CAST('auto' AS INTEGER) is 0 in SQLite but an error in PostgreSQL: the same set ('1' to '16', written as a
    // number is written, no sign, no leading zero) by pattern
    postgres: `
      CREATE TABLE transcription_settings (
        project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
        punctuate BIGINT NOT NULL CHECK (punctuate IN (0, 1)),
        speakers TEXT NOT NULL CHECK (speakers IN ('auto', 'off') OR speakers ~ '^([1-9]|1[0-6])$'),
        updated_by TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );
    `,
  },
];
