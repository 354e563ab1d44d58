import type { SqlDatabase } from '../../db/SqlDatabase.ts';
import { VerifiedSpanStore } from '../../quality/VerifiedSpanStore.ts';
import { splitOf } from '../../training/splitOf.ts';

/** What a comparison measures on. */
export interface ComparisonSet {
  /**
   * `verified-spans`: the project has verified spans, and only the text inside them counts (the transcripts that have
   * some); `reviews`: it has none, and the whole current text of each transcript with a standing review record counts.
   */
  readonly basis: 'verified-spans' | 'reviews';
  /** The transcripts, oldest first, with their standing verified spans (milliseconds) when the basis is theirs. */
  readonly transcripts: ReadonlyArray<{ readonly id: string; readonly spans: ReadonlyArray<{ startMs: number; endMs: number; at: number }> | null }>;
}

/**
 * The project's work a model comparison measures on: what reviewers verified (issue 14's verified spans) when the
 * project has any, so a comparison and the field quality measure the same text; until then the transcripts with a
 * standing review record, each on its whole current text. With `split: 'test'`, only the transcripts of recordings on
 * the test side of the training export's split (`splitOf`), which fine-tuning never sees.
 */
export function comparisonSet(db: SqlDatabase, projectId: string, options: { split?: 'test' | undefined } = {}): ComparisonSet {
  const inSplit = ({ media_id }: { media_id: string }) => options.split === undefined || splitOf(projectId, media_id) === options.split;
  const verified = db
    .prepare<[string], { id: string; media_id: string }>(
      `SELECT t.id, t.media_id FROM transcripts AS t
       WHERE t.project_id = ? AND EXISTS (SELECT 1 FROM verified_spans AS s WHERE s.transcript_id = t.id AND s.removed_at IS NULL)
       ORDER BY t.created_at, t.id`,
    )
    .all(projectId)
    .filter(inSplit);
  if (verified.length > 0) {
    const spans = new VerifiedSpanStore(db);
    return { basis: 'verified-spans', transcripts: verified.map(({ id }) => ({ id, spans: spans.list(id) })) };
  }
  const reviewed = db
    .prepare<[string], { id: string; media_id: string }>(
      `SELECT t.id, t.media_id FROM transcripts AS t
       WHERE t.project_id = ? AND EXISTS (SELECT 1 FROM reviews AS r WHERE r.transcript_id = t.id AND r.withdrawn_at IS NULL)
       ORDER BY t.created_at, t.id`,
    )
    .all(projectId)
    .filter(inSplit);
  return { basis: 'reviews', transcripts: reviewed.map(({ id }) => ({ id, spans: null })) };
}
