import { JobJson, JobStateJson, ModelRefJson, type LmModeJson, type TranscribeJobPayloadJson } from '@verbatim/core/api';
import { z } from 'zod';
import { LM_MODES, type TranscribeJobPayload } from '../../jobs/transcribeJobPayload.ts';
import type { Job, JobState } from '../../queue/Job.ts';

/** `POST /api/projects/:id/jobs`: transcribe one uploaded file of the project. */
export const CreateJobBody = z.strictObject({
  mediaId: z.uuid(),
  lm: z.enum(LM_MODES).optional().describe(
    'Word language model: "off", "base" (the model\'s own) or "adapted" (the model\'s, adapted to the project vocabulary and its enabled plugins\' domain text). Default: "adapted" when the model has an LM.',
  ),
  model: ModelRefJson.optional().describe(
    "An installed model (\"<id>@<version>\", or \"<id>\" for its newest version); default: the project's default alias, else the deployment's, resolved when the job starts.",
  ),
});

/** Query of `GET /api/projects/:id/jobs`. */
export const ListJobsQueryJson = z.strictObject({
  state: JobStateJson.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(20).optional(),
});

// A job and its state are declared in @verbatim/core/api, for the workbench that reads them too.
export { JobJson, JobStateJson };

/** `GET /api/projects/:id/jobs`, newest first. */
export const JobListResponse = z.object({
  jobs: z.array(JobJson),
  nextCursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last page.'),
});

// Compile-time check that the schema describes what the routes really send.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<z.infer<typeof JobJson>, Job>,
  Same<z.infer<typeof JobStateJson>, JobState>,
  Same<LmModeJson, (typeof LM_MODES)[number]>,
  Same<TranscribeJobPayloadJson, TranscribeJobPayload>,
] = [true, true, true, true];
void sameShapes;
