import { AudioDecodeError, LanguageModelError, TranscribeError, VocabularyError } from '@verbatim/asr';
import { PluginError } from '@verbatim/plugin-host';
import { ModelRegistryError } from '../models/ModelRegistryError.ts';
import { TranscriptError } from '../transcripts/TranscriptError.ts';
import { JobError } from './JobError.ts';

/**
 * Whether another attempt of a transcription job might succeed after `error`. Audio the decoder refuses, a bad
 * vocabulary, an LM mode the model cannot serve or a damaged LM file, a bad payload, missing media or a model that is
 * not installed (or an alias pointing at a removed one) fail the same
 * way every time, so the job fails at once with that message; so does a plugin that failed while the server fails
 * jobs for plugin errors (`--plugin-errors fail`), whose message names the plugin. Anything else (a worker that died, a busy database, a model that did not load, a plugin host
 * disposed by a shutdown) is worth a retry.
 */
export function isRetryableJobError(error: unknown): boolean {
  if (error instanceof AudioDecodeError) return error.code === 'aborted';
  if (error instanceof JobError || error instanceof ModelRegistryError || error instanceof VocabularyError || error instanceof TranscribeError || error instanceof LanguageModelError) return false;
  if (error instanceof TranscriptError) return error.code !== 'invalid-transcript';
  if (error instanceof PluginError) return error.code === 'disposed';
  return true;
}
