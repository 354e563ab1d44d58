import type { Migration } from '../db/Migration.ts';

/**
 * The media schema (migration ids 200-299). A row is one upload into one project; its bytes live in the
 * content-addressed blob store under `<dataDir>/media/<sha256[0:2]>/<sha256>`, shared by every row with the same
 * `sha256` (the blob goes when the last such row does). `peaks_path` is relative to `<dataDir>/media`.
 * Times are integer milliseconds since the epoch.
 */
export const MEDIA_MIGRATIONS: readonly Migration[] = [
  {
    id: 200,
    name: 'media',
    up: `
      CREATE TABLE media (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        original_name TEXT NOT NULL CHECK (length(original_name) BETWEEN 1 AND 255),
        format TEXT NOT NULL,
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        duration_s REAL NOT NULL,
        sample_rate INTEGER NOT NULL,
        channels INTEGER NOT NULL,
        created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        peaks_path TEXT
      ) STRICT;
      CREATE INDEX media_by_project ON media (project_id, created_at);
      CREATE INDEX media_by_sha256 ON media (sha256);
    `,
  },
];
