import { z } from 'zod';
import { LM_MODES } from '../../jobs/transcribeJobPayload.ts';
import { JOB_STATES, type Job } from '../../queue/Job.ts';

/** `POST /api/projects/:id/jobs`: transcribe one uploaded file of the project. */
export const CreateJobBody = z.strictObject({
  mediaId: z.uuid(),
  lm: z.enum(LM_MODES).optional().describe(
    'Word language model: "off", "base" (the model\'s own) or "adapted" (the model\'s, adapted to the project vocabulary and its enabled plugins\' domain text). Default: "adapted" when the model has an LM.',
  ),
});

/** Query of `GET /api/projects/:id/jobs`. */
export const ListJobsQueryJson = z.strictObject({
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(20).optional(),
});

/** A job's state. */
export const JobStateJson = z.enum(JOB_STATES);

/** A job as the API (and its event stream) shows it. Times are milliseconds since the epoch. */
export const JobJson = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  kind: z.string().describe('What to do, e.g. "transcribe".'),
  payload: z.unknown().describe('For "transcribe": { mediaId, lm? }.'),
  state: JobStateJson,
  attempts: z.int().describe('Claims so far, the current one included.'),
  maxAttempts: z.int(),
  runAfter: z.int().describe('Not started before this time (retry backoff).'),
  leaseOwner: z.string().nullable(),
  leaseExpiresAt: z.int().nullable(),
  cancelRequested: z.boolean(),
  progress: z.number().min(0).max(1),
  error: z.string().nullable().describe('Message of the last failure.'),
  result: z.unknown().describe('On success of "transcribe": { transcriptId, lm } (lm: the word-LM mode used); otherwise null.'),
  createdAt: z.int(),
  updatedAt: z.int(),
  startedAt: z.int().nullable(),
  finishedAt: z.int().nullable(),
});

/** `GET /api/projects/:id/jobs`, newest first. */
export const JobListResponse = z.object({
  jobs: z.array(JobJson),
  nextCursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last page.'),
});

// Compile-time check that the schema describes what the routes really send.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<typeof JobJson>, Job> = true;
void sameShape;
