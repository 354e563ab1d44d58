import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '../../db/SqlDatabase.ts';
import type { ModelIdentityJson, RerunJson, RetranscribeJobPayloadJson } from '@verbatim/core/api';
import type { Job } from '../../queue/Job.ts';
import type { JobQueueApi } from '../../queue/JobQueueApi.ts';
import { RETRANSCRIBE_JOB_KIND } from './retranscribeJobPayload.ts';

/** Which transcripts a re-run takes: those whose current machine words one model version made, within a time window. */
export interface RerunSelection {
  readonly projectId: string;
  readonly fromModel: { readonly id: string; readonly version: string };
  /** Made at or after (ms since the epoch). */
  readonly since?: number | undefined;
  /** Made at or before (ms since the epoch). */
  readonly until?: number | undefined;
}

interface RerunRow {
  id: string;
  project_id: string;
  from_id: string;
  from_version: string;
  from_sha256: string;
  model_id: string;
  model_version: string;
  model_sha256: string;
  job_ids: string;
  created_at: number;
  created_by: string;
}

/**
 * Re-run batches (`reruns`): each queues one `retranscribe` job per selected transcript and remembers them, so the
 * batch's progress is its jobs' and it can be listed later.
 *
 * @example
 * const ids = reruns.select({ projectId, fromModel: { id: 'verbatim-en-char', version: '1.0.0' }, since });
 * reruns.create(queue, { projectId, fromModel, model, transcriptIds: ids.map((t) => t.id), createdBy: userId });
 */
export class RerunStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;

  constructor(db: SqlDatabase, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The transcripts of a project whose current machine words `fromModel` made, oldest first, with the package hash
   * each recorded. "Made" is when those words were made: the transcript's last `machine` revision, else its creation.
   */
  select(selection: RerunSelection): Array<{ id: string; sha256: string }> {
    return this.#db
      .prepare<[string, string, string, number, number], { id: string; sha256: string }>(
        `SELECT id, sha256 FROM (
           SELECT t.id, t.model_sha256 AS sha256,
                  COALESCE((SELECT MAX(r.created_at) FROM transcript_revisions AS r WHERE r.transcript_id = t.id AND r.kind = 'machine'), t.created_at) AS made_at
           FROM transcripts AS t WHERE t.project_id = ? AND t.model_id = ? AND t.model_version = ?)
         WHERE made_at >= ? AND made_at <= ? ORDER BY made_at, id`,
      )
      .all(selection.projectId, selection.fromModel.id, selection.fromModel.version, selection.since ?? 0, selection.until ?? Number.MAX_SAFE_INTEGER);
  }

  /** Records a batch and queues its jobs (re-transcribing with `model`), in one transaction. */
  create(
    queue: JobQueueApi,
    input: { projectId: string; fromModel: ModelIdentityJson; model: ModelIdentityJson; transcriptIds: readonly string[]; since?: number | undefined; until?: number | undefined; createdBy: string },
  ): RerunJson {
    const id = randomUUID();
    const createdAt = this.#now();
    const jobs = this.#db
      .transaction((): Job[] => {
        const queued = input.transcriptIds.map((transcriptId) => {
          const payload: RetranscribeJobPayloadJson = { transcriptId, model: `${input.model.id}@${input.model.version}`, rerunId: id, requestedBy: input.createdBy };
          return queue.enqueue({ projectId: input.projectId, kind: RETRANSCRIBE_JOB_KIND, payload });
        });
        this.#db
          .prepare(
            `INSERT INTO reruns (id, project_id, from_id, from_version, from_sha256, model_id, model_version, model_sha256, since, until, job_ids, created_at, created_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id, input.projectId, input.fromModel.id, input.fromModel.version, input.fromModel.sha256, input.model.id, input.model.version, input.model.sha256,
            input.since ?? null, input.until ?? null, JSON.stringify(queued.map((job) => job.id)), createdAt, input.createdBy,
          );
        return queued;
      })
      .immediate();
    return { id, projectId: input.projectId, fromModel: input.fromModel, model: input.model, jobIds: jobs.map((job) => job.id), createdAt, createdBy: input.createdBy };
  }

  /** A project's re-runs, newest first. */
  list(projectId: string): RerunJson[] {
    return this.#db
      .prepare<[string], RerunRow>('SELECT * FROM reruns WHERE project_id = ? ORDER BY created_at DESC, rowid DESC')
      .all(projectId)
      .map((row) => ({
        id: row.id,
        projectId: row.project_id,
        fromModel: { id: row.from_id, version: row.from_version, sha256: row.from_sha256 },
        model: { id: row.model_id, version: row.model_version, sha256: row.model_sha256 },
        jobIds: JSON.parse(row.job_ids) as string[],
        createdAt: row.created_at,
        createdBy: row.created_by,
      }));
  }
}
