import type { Migration } from '../db/Migration.ts';

/**
 * Reviews (migration ids 700-799): every accept or correction of a flagged word, with who made it and when, the
 * word's span (seconds), its text before and after and its confidence. The transcript's model id and version are
 * copied onto each review so quality can be measured per model version with one indexed query. A word (its span) has
 * at most one review per action. A review outlives its reviewer's account (`user_id` becomes NULL) but not its
 * transcript. Times are integer milliseconds since the epoch. A review its reviewer took back (undo) is kept,
 * withdrawn (`withdrawn_at`), and counts for nothing until the same decision is made again (redo).
 */
export const REVIEW_MIGRATIONS: readonly Migration[] = [
  {
    id: 700,
    name: 'reviews of flagged words',
    up: `
      CREATE TABLE reviews (
        id TEXT PRIMARY KEY,
        transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
        action TEXT NOT NULL CHECK (action IN ('accept', 'correct')),
        start_seconds REAL NOT NULL CHECK (start_seconds >= 0),
        end_seconds REAL NOT NULL CHECK (end_seconds >= start_seconds),
        before_text TEXT NOT NULL CHECK (length(before_text) <= 500),
        after_text TEXT NOT NULL CHECK (length(after_text) <= 500),
        confidence REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
        model_id TEXT NOT NULL,
        model_version TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX reviews_by_transcript ON reviews(transcript_id, created_at);
      CREATE INDEX reviews_by_model ON reviews(project_id, model_id, model_version, action);
    `,
  },
  {
    id: 701,
    name: 'reviews: one decision per word and action',
    // repeats of the same decision inflated the quality counts; the first of each is the one that stays
    up: `
      DELETE FROM reviews WHERE rowid NOT IN (
        SELECT MIN(rowid) FROM reviews GROUP BY transcript_id, action, start_seconds, end_seconds
      );
      CREATE UNIQUE INDEX reviews_one_per_word ON reviews(transcript_id, action, start_seconds, end_seconds);
    `,
  },
  {
    id: 702,
    name: 'reviews: withdrawn by undo',
    // an undone decision stays on record as withdrawn (who took it back, when); quality counts only standing ones
    up: `
      ALTER TABLE reviews ADD COLUMN withdrawn_at INTEGER;
      ALTER TABLE reviews ADD COLUMN withdrawn_by TEXT REFERENCES users(id) ON DELETE SET NULL;
    `,
  },
];
