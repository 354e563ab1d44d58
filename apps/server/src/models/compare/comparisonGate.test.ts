import type { ModelComparisonRowJson } from '@verbatim/core/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/queueTestDatabase.ts';
import { HttpError } from '../../http/HttpError.ts';
import { JobQueue } from '../../queue/JobQueue.ts';
import type { InstalledModel } from '../InstalledModel.ts';
import { comparisonGateOf } from './comparisonGate.ts';
import { ModelComparisonStore } from './ModelComparisonStore.ts';

const CANDIDATE = { id: 'parakeet', version: '1.1', sha256: 'cc'.repeat(32) };
const CURRENT = { id: 'verbatim-en-char', version: '1.0.0', sha256: 'dd'.repeat(32) };

const row = (role: ModelComparisonRowJson['role'], wer: number | null): ModelComparisonRowJson => ({
  role,
  model: role === 'candidate' ? CANDIDATE : CURRENT,
  referenceWords: 100,
  wer,
  cer: 0.1,
  substitutions: 0,
  deletions: 0,
  insertions: 0,
  termRecall: null,
  terms: 0,
  ece: null,
  flagPrecision: null,
  flagRecall: null,
  flagThreshold: 0.6,
  realTimeFactor: null,
});

let t: TestDatabase;
let queue: JobQueue;
let comparisons: ModelComparisonStore;
let projectId: string;
const candidate = { ...CANDIDATE, ref: `${CANDIDATE.id}@${CANDIDATE.version}` } as InstalledModel;

beforeEach(() => {
  t = createTestDatabase();
  queue = new JobQueue(t.db);
  comparisons = new ModelComparisonStore(t.db);
  projectId = t.addProject();
});

afterEach(() => {
  queue.dispose();
  t.dispose();
});

/** A comparison whose job ran and succeeded with these WERs (current, candidate). */
function finishedComparison(current: number | null, tried: number | null): string {
  const comparison = comparisons.create(queue, { projectId, candidate: CANDIDATE, createdBy: 'u-1' });
  const job = queue.claim('worker', 30_000)!;
  expect(job.id).toBe(comparison.jobId);
  comparisons.finish(comparison.id, { basis: 'reviews', transcripts: 4, audioSeconds: 60, rows: [row('current', current), row('candidate', tried)] });
  queue.complete(job.id, 'worker', null);
  return comparison.id;
}

const gate = (comparisonId: string, maxWerIncrease = 0, project: string | null = null, model: InstalledModel = candidate) =>
  comparisonGateOf(t.db)({ comparisonId, maxWerIncrease, projectId: project, current: CURRENT, candidate: model });

function refusal(run: () => unknown): { status: number; code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  throw new Error('not refused');
}

describe('comparisonGateOf', () => {
  it('refuses a worse candidate with both figures, and lets an equal one or one within the margin through', async () => {
    const worse = finishedComparison(0.2, 0.25);
    expect(await gate(worse)).toBe(
      `Refused: on comparison ${worse} (4 reviewed transcripts) the candidate parakeet@1.1 has WER 25.0% against 20.0% for the current transcripts, more than the allowed increase of 0.0 points.`,
    );
    expect(await gate(worse, 0.04)).toMatch(/allowed increase of 4\.0 points/);
    expect(await gate(worse, 0.05)).toBeUndefined();
    expect(await gate(finishedComparison(0.2, 0.2))).toBeUndefined();
    expect(await gate(finishedComparison(0.3, 0.1))).toBeUndefined();
  });

  it('refuses when the comparison measured another model or has no WER', async () => {
    const id = finishedComparison(0.2, 0.1);
    expect(await gate(id, 0, null, { ...candidate, sha256: 'ee'.repeat(32) })).toMatch(/measured parakeet@1\.1, not the candidate parakeet@1\.1; compare the candidate first/);
    expect(await gate(finishedComparison(null, null))).toMatch(/no word error rate/);
  });

  it('answers 422 for an unknown comparison, 409 for one of another project or one not succeeded', () => {
    expect(refusal(() => gate(crypto.randomUUID()))).toMatchObject({ status: 422, code: 'comparison-not-found' });
    const id = finishedComparison(0.2, 0.1);
    expect(refusal(() => gate(id, 0, t.addProject('Other')))).toMatchObject({ status: 409, code: 'comparison-wrong-project' });
    // a deployment-wide promotion may rest on any project's comparison, a project's on its own
    expect(gate(id, 0, projectId)).toBeUndefined();
    const queued = comparisons.create(queue, { projectId, candidate: CANDIDATE, createdBy: 'u-1' });
    expect(refusal(() => gate(queued.id))).toMatchObject({ status: 409, code: 'comparison-not-ready', message: expect.stringContaining('is queued') });
    expect(comparisons.get(queued.id)).toMatchObject({ state: 'queued', rows: [], finishedAt: null });
  });
});
