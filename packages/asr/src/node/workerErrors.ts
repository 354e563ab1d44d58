import { AudioDecodeError, type AudioDecodeErrorCode } from '../audio/AudioDecodeError.ts';
import { ModelBundleError, type ModelBundleErrorCode } from '../bundle/ModelBundleError.ts';
import { DecodeError, type DecodeErrorCode } from '../decode/DecodeError.ts';
import { type VocabularyErrorCode, VocabularyError, type VocabularyProblem } from '../decode/VocabularyError.ts';
import { LanguageModelError, type LanguageModelErrorCode } from '../lm/LanguageModelError.ts';
import { TranscribeError, type TranscribeErrorCode } from '../transcribe/TranscribeError.ts';

/** An error as plain data, so it can cross the worker boundary with its class, code and details. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  field?: string;
  format?: string;
  problems?: readonly VocabularyProblem[];
  stack?: string;
}

/** Plain data for `postMessage` (structured clone keeps neither an error's class nor its `code`). */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error) && !(error instanceof DOMException)) return { name: 'Error', message: String(error) };
  const e = error as Error & { code?: unknown; field?: unknown; format?: unknown; problems?: unknown };
  const out: SerializedError = { name: e.name, message: e.message };
  if (typeof e.code === 'string') out.code = e.code;
  if (typeof e.field === 'string') out.field = e.field;
  if (typeof e.format === 'string') out.format = e.format;
  if (Array.isArray(e.problems)) out.problems = e.problems as VocabularyProblem[];
  if (e.stack) out.stack = e.stack;
  return out;
}

/** The error again, as an instance of its own class where the class is one of this package's. */
export function deserializeError(s: SerializedError): Error {
  let error: Error;
  switch (s.name) {
    case 'ModelBundleError':
      error = new ModelBundleError(s.code as ModelBundleErrorCode, s.message, s.field === undefined ? undefined : { field: s.field });
      break;
    case 'AudioDecodeError':
      error = new AudioDecodeError(s.code as AudioDecodeErrorCode, s.message, s.format === undefined ? undefined : { format: s.format });
      break;
    case 'VocabularyError':
      error = new VocabularyError(s.code as VocabularyErrorCode, s.message, s.problems ?? []);
      break;
    case 'DecodeError':
      error = new DecodeError(s.code as DecodeErrorCode, s.message);
      break;
    case 'TranscribeError':
      error = new TranscribeError(s.code as TranscribeErrorCode, s.message);
      break;
    case 'LanguageModelError':
      error = new LanguageModelError(s.code as LanguageModelErrorCode, s.message);
      break;
    case 'AbortError':
    case 'TimeoutError':
      return new DOMException(s.message, s.name);
    default:
      error = Object.assign(new Error(s.message), s.code === undefined ? {} : { code: s.code });
      if (s.name !== 'Error') error.name = s.name;
  }
  if (s.stack) error.stack = s.stack;
  return error;
}
