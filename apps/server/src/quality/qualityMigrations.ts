import type { Migration } from '../db/Migration.ts';

/**
 * Field quality (migration ids 1000-1049): spans of transcripts reviewers marked verified (every word checked; a
 * removed span stays on record with who removed it and when), free-form slice attributes of recordings and of a
 * project's speakers, quality settings (per project, and the deployment's under project_id '*'), and calibration
 * revisions fitted on verified words (removed ones stay on record). Times are integer milliseconds since the epoch.
 */
export const QUALITY_MIGRATIONS: readonly Migration[] = [
  {
    id: 1000,
    name: 'verified spans',
    up: `
      CREATE TABLE verified_spans (
        id INTEGER PRIMARY KEY,
        transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        scope TEXT NOT NULL CHECK (scope IN ('transcript', 'turn', 'span')),
        start_ms INTEGER NOT NULL CHECK (start_ms >= 0),
        end_ms INTEGER NOT NULL CHECK (end_ms >= start_ms),
        created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        removed_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        removed_at INTEGER
      ) STRICT;
      CREATE INDEX verified_spans_by_transcript ON verified_spans(transcript_id, removed_at);
    `,
  },
  {
    id: 1001,
    name: 'slice attributes of recordings and speakers',
    up: `
      CREATE TABLE media_attributes (
        media_id TEXT PRIMARY KEY REFERENCES media(id) ON DELETE CASCADE,
        attributes TEXT NOT NULL CHECK (json_valid(attributes) AND length(attributes) <= 8192),
        updated_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE speaker_attributes (
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        speaker TEXT NOT NULL,
        attributes TEXT NOT NULL CHECK (json_valid(attributes) AND length(attributes) <= 8192),
        updated_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (project_id, speaker)
      ) STRICT;
    `,
  },
  {
    id: 1002,
    name: 'quality settings',
    up: `
      CREATE TABLE quality_settings (
        project_id TEXT PRIMARY KEY,
        settings TEXT NOT NULL CHECK (json_valid(settings)),
        updated_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 1003,
    name: 'calibration revisions',
    up: `
      CREATE TABLE calibration_revisions (
        id INTEGER PRIMARY KEY,
        model_id TEXT NOT NULL,
        model_version TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('platt')),
        a REAL NOT NULL,
        b REAL NOT NULL,
        fitted_words INTEGER NOT NULL,
        held_out_words INTEGER NOT NULL,
        ece_before REAL NOT NULL,
        ece_after REAL NOT NULL,
        created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        removed_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        removed_at INTEGER
      ) STRICT;
      CREATE INDEX calibration_revisions_by_model ON calibration_revisions(model_id, model_version, removed_at);
    `,
  },
];
