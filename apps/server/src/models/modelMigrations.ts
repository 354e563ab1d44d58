import type { Migration } from '../db/Migration.ts';

/**
 * The model registry (migration ids 800-849). `model_aliases` holds where each alias points now: `project_id` is null
 * for the deployment's, or the project whose override it is (gone with the project); `alias` is `default` or `candidate`; the model is named by id,
 * version and package content hash, so an alias still says what it meant after its model was removed.
 * `model_alias_events` is the audit log of every move (who, when, from, to, why; the comparison a promotion was
 * checked against), append-only. `job_models` records the model a job resolved when it started, so a running job's
 * model is known (it cannot be removed under it) and jobs can be listed by model.
 */
export const MODEL_MIGRATIONS: readonly Migration[] = [
  {
    id: 800,
    name: 'models: aliases, their audited moves, the model each job used',
    up: `
      CREATE TABLE model_aliases (
        project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,
        alias TEXT NOT NULL CHECK (alias IN ('default', 'candidate')),
        model_id TEXT NOT NULL,
        model_version TEXT NOT NULL,
        model_sha256 TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX model_aliases_scope ON model_aliases (ifnull(project_id, ''), alias);

      CREATE TABLE model_alias_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,
        alias TEXT NOT NULL CHECK (alias IN ('default', 'candidate')),
        action TEXT NOT NULL CHECK (action IN ('set', 'promote', 'rollback', 'clear')),
        from_id TEXT,
        from_version TEXT,
        from_sha256 TEXT,
        to_id TEXT,
        to_version TEXT,
        to_sha256 TEXT,
        by TEXT NOT NULL,
        at INTEGER NOT NULL,
        reason TEXT NOT NULL,
        comparison_id TEXT,
        -- the event a rollback undid: the next rollback walks back from the one before it
        undoes INTEGER REFERENCES model_alias_events(id)
      ) STRICT;
      CREATE INDEX model_alias_events_scope ON model_alias_events (project_id, alias, id);

      CREATE TABLE job_models (
        job_id TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
        model_id TEXT NOT NULL,
        model_version TEXT NOT NULL,
        model_sha256 TEXT NOT NULL
      ) STRICT;
      CREATE INDEX job_models_model ON job_models (model_id, model_version);
    `,
  },
];
