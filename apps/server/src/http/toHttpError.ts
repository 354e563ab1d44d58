import { HTTPException } from 'hono/http-exception';
import { AuthError, type AuthErrorCode } from '../auth/AuthError.ts';
import { JobQueueError, type JobQueueErrorCode } from '../queue/JobQueueError.ts';
import { ReadOnlyDocumentError } from '../transcripts/ReadOnlyDocument.ts';
import { HttpError, type HttpErrorStatus } from './HttpError.ts';

// undefined: the code means a server-side fault (corrupt data, a programming error), which stays a 500
const AUTH_STATUS: Record<AuthErrorCode, HttpErrorStatus | undefined> = {
  'password-too-short': 422,
  'password-too-long': 422,
  'password-too-weak': 422,
  'password-hashing-busy': 503,
  'invalid-email': 422,
  'invalid-display-name': 422,
  'invalid-token-name': 422,
  'invalid-token-scope': 422,
  'invalid-token-expiry': 422,
  'invalid-project-name': 422,
  'invalid-review-threshold': 422,
  'invalid-role': 422,
  'email-taken': 409,
  'last-owner': 409,
  'user-not-found': 404,
  'project-not-found': 404,
  'invalid-password-hash': undefined,
  'unknown-action': undefined,
};

const QUEUE_STATUS: Record<JobQueueErrorCode, HttpErrorStatus> = {
  'invalid-job': 422,
  'invalid-argument': 400,
  'invalid-cursor': 400,
  'unknown-project': 404,
};

const HTTP_EXCEPTION_CODES: Partial<Record<number, string>> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  413: 'body-too-large',
  415: 'unsupported-media-type',
};

/**
 * The response an error should become: an {@link HttpError} as is, the stores' typed errors (`AuthError`,
 * `JobQueueError`) with the status their code means and their own message, a change to a read-only transcript
 * document (`ReadOnlyDocumentError`) as 409, Hono's `HTTPException`, a busy
 * database as 503 and a lost one (PostgreSQL's connection gone: `database-unavailable`) as 503 too, whose message
 * says nothing of the server or the query. Undefined for anything else: an unexpected fault, answered 500 without details.
 */
export function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof AuthError) {
    if (error.code === 'password-hashing-busy') return new HttpError(503, error.code, error.message, { headers: { 'retry-after': '1' }, cause: error });
    const status = AUTH_STATUS[error.code];
    return status === undefined ? undefined : new HttpError(status, error.code, error.message, { cause: error });
  }
  if (error instanceof JobQueueError) return new HttpError(QUEUE_STATUS[error.code], error.code, error.message, { cause: error });
  // the document opened read-only (invalid, newer schema, failed migration): the change conflicts with its state
  if (error instanceof ReadOnlyDocumentError) return new HttpError(409, error.code, error.message, { cause: error });
  if (error instanceof HTTPException && error.status >= 400 && error.status < 500) {
    const code = HTTP_EXCEPTION_CODES[error.status];
    if (code !== undefined) return new HttpError(error.status as HttpErrorStatus, code, error.message || code.replaceAll('-', ' '), { cause: error });
  }
  if (isDatabaseUnavailable(error)) {
    return new HttpError(503, 'database-unavailable', 'The database cannot be reached just now; try again in a moment.', {
      headers: { 'retry-after': '5' },
      cause: error,
    });
  }
  if (isSqliteBusy(error)) {
    return new HttpError(503, 'database-busy', 'The database is busy with other writes; try again in a moment.', {
      headers: { 'retry-after': '1' },
      cause: error,
    });
  }
  return undefined;
}

// the PostgreSQL handle's DatabaseError when its server cannot be reached, however deep a store wrapped it
function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    if ((cause as { code?: unknown }).code === 'database-unavailable') return true;
  }
  return false;
}

function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
