import { z } from 'zod';
import { SpeakersSettingJson } from './TranscriptionSettingsJson.ts';
import { ModelIdentityJson, ModelRefJson } from './ModelJson.ts';

/** A job's state. */
export const JobStateJson = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);

/**
 * A job as the API shows it (`GET /api/jobs/:id`, the lists, and each `event: job` message of
 * `GET /api/jobs/:id/events`). Times are milliseconds since the epoch.
 */
export const JobJson = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  kind: z.string().describe('What to do, e.g. "transcribe".'),
  payload: z.unknown().describe('For "transcribe": { mediaId, lm? } (see TranscribeJobPayloadJson).'),
  state: JobStateJson,
  attempts: z.int().describe('Claims so far, the current one included.'),
  maxAttempts: z.int(),
  runAfter: z.int().describe('Not started before this time (retry backoff).'),
  leaseOwner: z.string().nullable(),
  leaseExpiresAt: z.int().nullable(),
  cancelRequested: z.boolean(),
  progress: z.number().min(0).max(1),
  error: z.string().nullable().describe('Message of the last failure.'),
  result: z.unknown().describe('On success of "transcribe": { transcriptId, lm } (see TranscribeJobResultJson); otherwise null.'),
  createdAt: z.int(),
  updatedAt: z.int(),
  startedAt: z.int().nullable(),
  finishedAt: z.int().nullable(),
});

/** The word language model modes of a transcription: off, the model's own, or adapted to the project. */
export const LmModeJson = z.enum(['off', 'base', 'adapted']);

/** The `payload` of a "transcribe" job. */
export const TranscribeJobPayloadJson = z.object({
  mediaId: z.uuid(),
  lm: LmModeJson.optional(),
  model: ModelRefJson.optional().describe("Transcribe with this installed model (default: the project's default alias, resolved when the job starts)."),
  punctuate: z.boolean().optional().describe("Restore punctuation and capitals (default: the project's transcription settings)."),
  speakers: SpeakersSettingJson.optional().describe("Speaker diarization (default: the project's transcription settings)."),
});

/** The `result` of a "transcribe" job that succeeded. */
export const TranscribeJobResultJson = z.object({
  transcriptId: z.uuid(),
  lm: LmModeJson,
  model: ModelIdentityJson.optional().describe('The model the job actually used (absent on jobs that finished before the model store).'),
  notes: z
    .object({
      punctuation: z.literal('unavailable').optional().describe('Punctuation was asked for but the model has no punctuation model (or it could not be loaded): the words are in spoken form.'),
      punctuationNote: z.string().optional(),
      speakersNote: z.string().optional().describe('Why the speakers differ from what was asked, e.g. fewer voices than the expected number.'),
    })
    .optional()
    .describe('What the reader of the transcript should know; absent when there is nothing to say.'),
});

/** {@link JobJson} as it is on the wire. */
export type JobJson = z.infer<typeof JobJson>;
/** {@link JobStateJson} as it is on the wire. */
export type JobStateJson = z.infer<typeof JobStateJson>;
/** {@link TranscribeJobPayloadJson} as it is on the wire. */
export type TranscribeJobPayloadJson = z.infer<typeof TranscribeJobPayloadJson>;
/** {@link TranscribeJobResultJson} as it is on the wire. */
export type TranscribeJobResultJson = z.infer<typeof TranscribeJobResultJson>;
/** {@link LmModeJson} as it is on the wire. */
export type LmModeJson = z.infer<typeof LmModeJson>;
