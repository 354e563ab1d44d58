import type { Database } from 'better-sqlite3';

/**
 * The project's transcripts that reviewers worked on, oldest first: those with at least one standing review record.
 * This is what a model comparison measures on until the monitoring work's verified spans say which text a person
 * verified (issue 14); the reference is then each transcript's whole current text.
 */
export function reviewedTranscripts(db: Database, projectId: string): string[] {
  return db
    .prepare<[string], { id: string }>(
      `SELECT t.id FROM transcripts AS t
       WHERE t.project_id = ? AND EXISTS (SELECT 1 FROM reviews AS r WHERE r.transcript_id = t.id AND r.withdrawn_at IS NULL)
       ORDER BY t.created_at, t.id`,
    )
    .all(projectId)
    .map((row) => row.id);
}
