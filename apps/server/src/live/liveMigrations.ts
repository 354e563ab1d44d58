import type { Migration } from '../db/Migration.ts';

/**
 * Live captions (migration ids 1200-1204): `live_sessions` holds one captioned talk of a project (its model, resolved
 * when it started, the audio received so far, the viewer link's token hash, and once it ended the recording and
 * transcript made of it); `live_finals` its final captions, written as each becomes final, so a crash loses none,
 * each with the recogniser's own words and the plugins that post-processed them (1201), as a transcript keeps them.
 * Both go with their project.
 */
export const LIVE_MIGRATIONS: readonly Migration[] = [
  {
    id: 1200,
    name: 'live: sessions and their final captions',
    up: `
      CREATE TABLE live_sessions (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('live', 'stopping', 'ended', 'failed')),
        created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        ended_at INTEGER,
        model_id TEXT NOT NULL,
        model_version TEXT NOT NULL,
        model_sha256 TEXT NOT NULL,
        sample_rate INTEGER NOT NULL CHECK (sample_rate > 0),
        received_samples INTEGER NOT NULL DEFAULT 0 CHECK (received_samples >= 0),
        finals INTEGER NOT NULL DEFAULT 0,
        viewer_token_hash TEXT UNIQUE,
        viewer_created_at INTEGER,
        media_id TEXT,
        transcript_id TEXT,
        retranscribe_job_id TEXT,
        error TEXT
      ) STRICT;
      CREATE INDEX live_sessions_by_project ON live_sessions (project_id, created_at);
      CREATE TABLE live_finals (
        session_id TEXT NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq >= 0),
        caption_json TEXT NOT NULL CHECK (json_valid(caption_json)),
        PRIMARY KEY (session_id, seq)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    id: 1201,
    name: "live: each final's recognised words and plugin provenance",
    // NULL: no plugin touched the final (its words are the recogniser's)
    up: `ALTER TABLE live_finals ADD COLUMN provenance_json TEXT CHECK (provenance_json IS NULL OR json_valid(provenance_json));`,
  },
];
