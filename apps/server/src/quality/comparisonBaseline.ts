import type { SqlDatabase } from '../db/SqlDatabase.ts';

/** What a model version's alert compares its window with when it has a finished comparison (issue 13's compare runs). */
export interface ComparisonBaseline {
  readonly comparisonId: string;
  readonly wer: number;
  readonly ece: number | null;
}

interface ComparisonRow {
  id: string;
  rows: string;
}

/**
 * The newest finished comparison in which this model version was the candidate (in `projectId`, or in any project
 * with null), as its candidate row measured it: the version's lab baseline on the project's reviewed work. Undefined
 * when there is none (the alert then uses the version's first verified words).
 */
export function comparisonBaseline(db: SqlDatabase, projectId: string | null, modelId: string, modelVersion: string): ComparisonBaseline | undefined {
  const rows = db
    .prepare<[string, string, string | null, string | null], ComparisonRow>(
      `SELECT id, rows FROM model_comparisons
       WHERE candidate_id = ? AND candidate_version = ? AND finished_at IS NOT NULL AND (? IS NULL OR project_id = ?)
       ORDER BY finished_at DESC, id`,
    )
    .all(modelId, modelVersion, projectId, projectId);
  for (const row of rows) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.rows);
    } catch {
      continue;
    }
    const candidate = Array.isArray(parsed) ? (parsed as Array<{ role?: unknown; wer?: unknown; ece?: unknown }>).find((r) => r?.role === 'candidate') : undefined;
    if (candidate === undefined || typeof candidate.wer !== 'number' || !Number.isFinite(candidate.wer)) continue;
    return { comparisonId: row.id, wer: candidate.wer, ece: typeof candidate.ece === 'number' && Number.isFinite(candidate.ece) ? candidate.ece : null };
  }
  return undefined;
}
