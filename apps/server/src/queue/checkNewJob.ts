import type { NewJob } from './Job.ts';
import { JobQueueError } from './JobQueueError.ts';

const KIND = /^[a-z][a-z0-9._-]{0,63}$/;

/** A valid {@link NewJob}, with defaults filled in and the payload as JSON text. */
export interface CheckedNewJob {
  projectId: string;
  kind: string;
  payload: string;
  maxAttempts: number;
  runAfter: number;
}

/** Checks what a caller asked to enqueue; throws `invalid-job` naming the field. */
export function checkNewJob(input: NewJob, defaults: { maxAttempts: number; now: number }): CheckedNewJob {
  if (typeof input !== 'object' || input === null) throw invalid('A job must be an object with projectId, kind and payload.');
  const { projectId, kind, maxAttempts = defaults.maxAttempts, runAfter = defaults.now } = input;
  if (typeof projectId !== 'string' || projectId.length === 0 || projectId.length > 200) {
    throw invalid('A job needs a projectId (a non-empty string of at most 200 characters).');
  }
  if (typeof kind !== 'string' || !KIND.test(kind)) {
    throw invalid(`Job kind ${JSON.stringify(kind)} is not valid: use 1-64 lower-case letters, digits, ".", "_" or "-", starting with a letter.`);
  }
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) {
    throw invalid(`maxAttempts must be a whole number from 1 to 100, not ${String(maxAttempts)}.`);
  }
  if (!Number.isSafeInteger(runAfter) || runAfter < 0) {
    throw invalid(`runAfter must be a time in whole milliseconds since the epoch, not ${String(runAfter)}.`);
  }
  return { projectId, kind, payload: toJsonText(input.payload, 'payload', 'invalid-job'), maxAttempts, runAfter };
}

/** JSON text of a payload or result; `undefined`, functions, BigInts and cycles are refused. */
export function toJsonText(value: unknown, what: string, code: 'invalid-job' | 'invalid-argument'): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new JobQueueError(code, `The job ${what} cannot be stored as JSON: ${(error as Error).message}.`, { cause: error });
  }
  if (text === undefined) throw new JobQueueError(code, `The job ${what} must be a JSON value, not ${typeof value}.`);
  return text;
}

function invalid(message: string): JobQueueError {
  return new JobQueueError('invalid-job', message);
}
