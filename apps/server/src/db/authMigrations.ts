import type { Migration } from './Migration.ts';

/**
 * Accounts, sessions, API tokens, projects and their members (migration ids 100-199 belong to auth).
 * Times are integer milliseconds since the epoch; ids are random UUIDs, except a session's id, which is the
 * SHA-256 (hex) of its cookie token so that the token itself is never stored. Emails are stored normalised
 * (trimmed, lower-cased); `COLLATE NOCASE` on the unique column is a second guard for ASCII case.
 */
export const AUTH_MIGRATIONS: Migration[] = [
  {
    id: 100,
    name: 'auth: users, sessions and API tokens',
    up: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL COLLATE NOCASE UNIQUE,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
        must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
        created_at INTEGER NOT NULL,
        disabled_at INTEGER
      ) STRICT;

      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        csrf_secret TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sessions_by_user ON sessions(user_id);
      CREATE INDEX sessions_by_expiry ON sessions(expires_at);

      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER,
        revoked_at INTEGER
      ) STRICT;
      CREATE INDEX api_tokens_by_user ON api_tokens(user_id);
    `,
  },
  {
    id: 101,
    name: 'auth: projects and members',
    up: `
      CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE project_members (
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'reviewer', 'viewer')),
        added_at INTEGER NOT NULL,
        PRIMARY KEY (project_id, user_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX project_members_by_user ON project_members(user_id);
    `,
    // ends with the foreign key of jobs.project_id, which migration 1 could not declare there (no projects yet)
    postgres: `
      CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );

      CREATE TABLE project_members (
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'reviewer', 'viewer')),
        added_at BIGINT NOT NULL,
        PRIMARY KEY (project_id, user_id)
      );
      CREATE INDEX project_members_by_user ON project_members(user_id);

      ALTER TABLE jobs ADD CONSTRAINT jobs_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE;
    `,
  },
  {
    id: 102,
    name: 'projects: review threshold',
    // the confidence below which the workbench flags a word for review; flags are derived, never stored
    up: `
      ALTER TABLE projects ADD COLUMN review_threshold REAL NOT NULL DEFAULT 0.6 CHECK (review_threshold >= 0 AND review_threshold <= 1);
    `,
  },
  {
    id: 103,
    name: 'API tokens: scope and expiry',
    // tokens made before scopes keep working as they did: every scope, no expiry
    up: `
      ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write' CHECK (scope IN ('read', 'transcribe', 'write'));
      ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
    `,
  },
];
