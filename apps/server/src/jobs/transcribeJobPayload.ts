import { JobError } from './JobError.ts';

/** The job kind the runner transcribes. */
export const TRANSCRIBE_JOB_KIND = 'transcribe';

/** The payload of a `transcribe` job: which uploaded file to transcribe. */
export interface TranscribeJobPayload {
  mediaId: string;
}

/** The payload of a `transcribe` job, checked; throws {@link JobError} `invalid-payload`. */
export function readTranscribeJobPayload(payload: unknown): TranscribeJobPayload {
  const mediaId = (payload as { mediaId?: unknown } | null)?.mediaId;
  if (typeof mediaId !== 'string' || mediaId.length === 0 || mediaId.length > 200) {
    throw new JobError('invalid-payload', 'A transcription job needs a payload { mediaId } naming an uploaded file.');
  }
  return { mediaId };
}
