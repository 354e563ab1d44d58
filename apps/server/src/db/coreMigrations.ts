import type { Migration } from './Migration.ts';

/**
 * The core schema (migration ids 1-99): the durable job queue. Times are integer milliseconds since the epoch.
 * `seq` orders jobs by insertion (ids are random UUIDs); the partial indexes are the two claim paths: due queued
 * jobs by `run_after`, running jobs by lease expiry. `projects` comes from the account migrations (id 101), which
 * run in the same transaction on a fresh database; SQLite resolves the reference when rows are written.
 */
export const CORE_MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'queue: jobs',
    up: `
      CREATE TABLE jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
        run_after INTEGER NOT NULL,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
        progress REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
        error TEXT,
        result TEXT CHECK (result IS NULL OR json_valid(result)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        CHECK ((state = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
      ) STRICT;
      CREATE INDEX jobs_due ON jobs(run_after, seq) WHERE state = 'queued';
      CREATE INDEX jobs_leases ON jobs(lease_expires_at) WHERE state = 'running';
      CREATE INDEX jobs_by_project ON jobs(project_id, seq);
      CREATE INDEX jobs_by_state ON jobs(state, seq);
    `,
  },
];
