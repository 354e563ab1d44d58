import type { JobJson, TranscribeJobPayloadJson, TranscribeJobResultJson } from './ApiJson.ts';

/** The media a transcription job transcribes (its payload's `mediaId`), or undefined for a job that names none. */
export function jobMediaId(job: JobJson): string | undefined {
  const mediaId = (job.payload as Partial<TranscribeJobPayloadJson> | null | undefined)?.mediaId;
  return typeof mediaId === 'string' ? mediaId : undefined;
}

/** The transcript a transcription job made (its result's `transcriptId`), or undefined before it succeeded. */
export function jobTranscriptId(job: JobJson): string | undefined {
  const transcriptId = (job.result as Partial<TranscribeJobResultJson> | null | undefined)?.transcriptId;
  return typeof transcriptId === 'string' ? transcriptId : undefined;
}
