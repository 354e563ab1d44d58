import type { Migration } from '../db/Migration.ts';

/**
 * Transcripts and their collaborative documents (migration ids 300-399). `transcripts.original_words` is the
 * recogniser's output as JSON, kept beside the document so corrections can be measured against it; a trigger
 * refuses any change to it (and to the provenance columns). `doc_updates` holds each document as the standard Yjs
 * update binaries it was built from, in arrival order (`seq`), so any Yjs server can read them. `media_id` is not a
 * foreign key yet: the media table arrives separately. `doc_backups` keeps a document's log as it was before a schema
 * migration rewrote it (see `DocumentStore.open`).
 */
export const YJS_MIGRATIONS: Migration[] = [
  {
    id: 300,
    name: 'yjs: transcripts and document updates',
    up: `
      CREATE TABLE transcripts (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        media_id TEXT NOT NULL,
        model_id TEXT NOT NULL,
        model_version TEXT NOT NULL,
        model_sha256 TEXT NOT NULL,
        original_words TEXT NOT NULL CHECK (json_valid(original_words)),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX transcripts_by_project ON transcripts(project_id, created_at);
      CREATE INDEX transcripts_by_media ON transcripts(media_id);
      CREATE TRIGGER transcripts_original_immutable
        BEFORE UPDATE OF original_words, model_id, model_version, model_sha256, media_id, project_id ON transcripts
        BEGIN SELECT RAISE(ABORT, 'a transcript''s original words and provenance are immutable'); END;

      CREATE TABLE doc_updates (
        doc_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "update" BLOB NOT NULL,
        PRIMARY KEY (doc_id, seq)
      ) STRICT, WITHOUT ROWID;
    `,
    // the trigger is a PL/pgSQL function there (RAISE(ABORT) → an integrity_constraint_violation error)
    postgres: `
      CREATE TABLE transcripts (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        media_id TEXT NOT NULL,
        model_id TEXT NOT NULL,
        model_version TEXT NOT NULL,
        model_sha256 TEXT NOT NULL,
        original_words TEXT NOT NULL CHECK (json_valid(original_words)),
        created_at BIGINT NOT NULL
      );
      CREATE INDEX transcripts_by_project ON transcripts(project_id, created_at);
      CREATE INDEX transcripts_by_media ON transcripts(media_id);
      CREATE FUNCTION transcripts_original_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'a transcript''s original words and provenance are immutable' USING ERRCODE = 'integrity_constraint_violation';
        END
      $$;
      CREATE TRIGGER transcripts_original_immutable
        BEFORE UPDATE OF original_words, model_id, model_version, model_sha256, media_id, project_id ON transcripts
        FOR EACH ROW EXECUTE FUNCTION transcripts_original_immutable();

      CREATE TABLE doc_updates (
        doc_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        seq BIGINT NOT NULL,
        "update" BYTEA NOT NULL,
        PRIMARY KEY (doc_id, seq)
      );
    `,
  },
  {
    id: 301,
    name: 'yjs: backups of documents rewritten by a schema migration',
    // the document's update log as it was before `migrateTranscriptDoc` rewrote it (merged into one update), so an
    // administrator can restore it; goes with its transcript
    up: `
      CREATE TABLE doc_backups (
        doc_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        schema INTEGER NOT NULL,
        "update" BLOB NOT NULL,
        saved_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX doc_backups_by_doc ON doc_backups(doc_id, saved_at);
    `,
  },
];
