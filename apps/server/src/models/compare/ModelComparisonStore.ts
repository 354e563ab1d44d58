import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '../../db/SqlDatabase.ts';
import type { ModelComparisonJson, ModelComparisonRowJson, ModelIdentityJson } from '@verbatim/core/api';
import type { JobQueueApi } from '../../queue/JobQueueApi.ts';

/** The job kind that runs a comparison. */
export const COMPARE_MODELS_JOB_KIND = 'compare-models';

/** The payload of a `compare-models` job. */
export interface CompareModelsJobPayload {
  comparisonId: string;
  /** `id@version` of the candidate. */
  model: string;
  /** Only the recordings of the training export's test split (`splitOf`). */
  split?: 'test';
}

/** What a finished comparison measured. */
export interface ComparisonResult {
  readonly basis: 'verified-spans' | 'reviews';
  readonly transcripts: number;
  readonly audioSeconds: number;
  readonly rows: readonly ModelComparisonRowJson[];
}

interface ComparisonRow {
  id: string;
  project_id: string;
  job_id: string;
  candidate_id: string;
  candidate_version: string;
  candidate_sha256: string;
  transcripts: number;
  audio_seconds: number;
  basis: 'verified-spans' | 'reviews' | null;
  rows: string;
  created_at: number;
  created_by: string;
  finished_at: number | null;
  split: 'test' | null;
  job_state: ModelComparisonJson['state'] | null;
  job_finished_at: number | null;
}

const SELECT = `
  SELECT c.*, j.state AS job_state, j.finished_at AS job_finished_at
  FROM model_comparisons AS c LEFT JOIN jobs AS j ON j.id = c.job_id`;

/**
 * Comparisons of a candidate model with a project's current transcripts (`model_comparisons`): each is run by a
 * `compare-models` job, whose state is the comparison's (a comparison whose job is gone counts as failed); its rows
 * are stored when the job succeeds and can be read any time later.
 *
 * @example
 * const comparison = comparisons.create(queue, { projectId, candidate: identityOf(model), createdBy: userId });
 * comparisons.get(comparison.id)?.state; // 'queued'
 */
export class ModelComparisonStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;

  constructor(db: SqlDatabase, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  /** Records a comparison and queues the job that runs it on `queue`, in one transaction. */
  create(queue: JobQueueApi, input: { projectId: string; candidate: ModelIdentityJson; createdBy: string; split?: 'test' | undefined }): ModelComparisonJson {
    const id = randomUUID();
    this.#db
      .transaction(() => {
        const payload: CompareModelsJobPayload = { comparisonId: id, model: `${input.candidate.id}@${input.candidate.version}`, ...(input.split !== undefined && { split: input.split }) };
        // one attempt: a comparison that fails is asked for again, not retried on its own for minutes
        const job = queue.enqueue({ projectId: input.projectId, kind: COMPARE_MODELS_JOB_KIND, payload, maxAttempts: 1 });
        this.#db
          .prepare(
            `INSERT INTO model_comparisons (id, project_id, job_id, candidate_id, candidate_version, candidate_sha256, created_at, created_by, split)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(id, input.projectId, job.id, input.candidate.id, input.candidate.version, input.candidate.sha256, this.#now(), input.createdBy, input.split ?? null);
      })
      .immediate();
    return this.get(id)!;
  }

  /** The comparison, or undefined. Does not check access: authorise against its `projectId`. */
  get(id: string): ModelComparisonJson | undefined {
    const row = this.#db.prepare<[string], ComparisonRow>(`${SELECT} WHERE c.id = ?`).get(id);
    return row === undefined ? undefined : comparisonOf(row);
  }

  /** A project's comparisons, newest first. */
  list(projectId: string): ModelComparisonJson[] {
    return this.#db.prepare<[string], ComparisonRow>(`${SELECT} WHERE c.project_id = ? ORDER BY c.created_at DESC, c.rowid DESC`).all(projectId).map(comparisonOf);
  }

  /** Stores what the comparison's job measured. */
  finish(id: string, result: ComparisonResult): void {
    this.#db
      .prepare('UPDATE model_comparisons SET basis = ?, transcripts = ?, audio_seconds = ?, rows = ?, finished_at = ? WHERE id = ?')
      .run(result.basis, result.transcripts, result.audioSeconds, JSON.stringify(result.rows), this.#now(), id);
  }
}

function comparisonOf(row: ComparisonRow): ModelComparisonJson {
  const state = row.job_state ?? 'failed';
  return {
    id: row.id,
    projectId: row.project_id,
    jobId: row.job_id,
    state,
    candidate: { id: row.candidate_id, version: row.candidate_version, sha256: row.candidate_sha256 },
    transcripts: row.transcripts,
    ...(row.basis === null ? {} : { basis: row.basis }),
    ...(row.split === null ? {} : { split: row.split }),
    audioSeconds: row.audio_seconds,
    rows: state === 'succeeded' ? (JSON.parse(row.rows) as ModelComparisonRowJson[]) : [],
    createdAt: row.created_at,
    createdBy: row.created_by,
    finishedAt: row.job_finished_at ?? row.finished_at,
  };
}
