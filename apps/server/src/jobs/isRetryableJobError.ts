import { AudioDecodeError, VocabularyError } from '@verbatim/asr';
import { TranscriptError } from '../transcripts/TranscriptError.ts';
import { JobError } from './JobError.ts';

/**
 * Whether another attempt of a transcription job might succeed after `error`. Audio the decoder refuses, a bad
 * vocabulary, a bad payload or missing media fail the same way every time, so the job fails at once with that
 * message; anything else (a worker that died, a busy database, a model that did not load) is worth a retry.
 */
export function isRetryableJobError(error: unknown): boolean {
  if (error instanceof AudioDecodeError) return error.code === 'aborted';
  if (error instanceof JobError || error instanceof VocabularyError) return false;
  if (error instanceof TranscriptError) return error.code !== 'invalid-transcript';
  return true;
}
