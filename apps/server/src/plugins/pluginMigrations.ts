import type { Migration } from '../db/Migration.ts';

/**
 * Plugins (migration ids 600-699): which plugins each project enabled, and per transcript which plugins touched it
 * (provenance, immutable like the transcript's model) and every change their post-processors made. Times are integer
 * milliseconds since the epoch.
 */
export const PLUGIN_MIGRATIONS: readonly Migration[] = [
  {
    id: 600,
    name: 'plugins enabled per project',
    up: `
      CREATE TABLE project_plugins (
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        plugin_id TEXT NOT NULL CHECK (length(plugin_id) BETWEEN 1 AND 100),
        enabled_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        enabled_at INTEGER NOT NULL,
        PRIMARY KEY (project_id, plugin_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    id: 601,
    name: 'plugin provenance and changes per transcript',
    up: `
      CREATE TABLE transcript_plugins (
        transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        plugin_id TEXT NOT NULL,
        plugin_version TEXT NOT NULL,
        PRIMARY KEY (transcript_id, plugin_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TRIGGER transcript_plugins_immutable
        BEFORE UPDATE ON transcript_plugins
        BEGIN SELECT RAISE(ABORT, 'a transcript''s plugin provenance is immutable'); END;

      CREATE TABLE transcript_plugin_changes (
        transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        plugin_id TEXT NOT NULL,
        processor_id TEXT NOT NULL,
        before_text TEXT NOT NULL,
        after_text TEXT NOT NULL,
        from_index INTEGER NOT NULL CHECK (from_index >= 0),
        from_end INTEGER NOT NULL CHECK (from_end >= from_index),
        to_index INTEGER NOT NULL CHECK (to_index >= 0),
        to_end INTEGER NOT NULL CHECK (to_end >= to_index),
        PRIMARY KEY (transcript_id, seq)
      ) STRICT, WITHOUT ROWID;
    `,
    // the trigger is a PL/pgSQL function there (RAISE(ABORT) → an integrity_constraint_violation error)
    postgres: `
      CREATE TABLE transcript_plugins (
        transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        position BIGINT NOT NULL,
        plugin_id TEXT NOT NULL,
        plugin_version TEXT NOT NULL,
        PRIMARY KEY (transcript_id, plugin_id)
      );
      CREATE FUNCTION transcript_plugins_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'a transcript''s plugin provenance is immutable' USING ERRCODE = 'integrity_constraint_violation';
        END
      $$;
      CREATE TRIGGER transcript_plugins_immutable
        BEFORE UPDATE ON transcript_plugins
        FOR EACH ROW EXECUTE FUNCTION transcript_plugins_immutable();

      CREATE TABLE transcript_plugin_changes (
        transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        seq BIGINT NOT NULL,
        plugin_id TEXT NOT NULL,
        processor_id TEXT NOT NULL,
        before_text TEXT NOT NULL,
        after_text TEXT NOT NULL,
        from_index BIGINT NOT NULL CHECK (from_index >= 0),
        from_end BIGINT NOT NULL CHECK (from_end >= from_index),
        to_index BIGINT NOT NULL CHECK (to_index >= 0),
        to_end BIGINT NOT NULL CHECK (to_end >= to_index),
        PRIMARY KEY (transcript_id, seq)
      );
    `,
  },
];
