import { HttpError } from '../http/HttpError.ts';
import { MEDIA_ERROR_STATUS, MediaError } from './MediaError.ts';

/**
 * The HTTP error a {@link MediaError} becomes (its code and message, the status of {@link MEDIA_ERROR_STATUS});
 * anything else is returned as is. A 413, 503 or 507 closes the connection: the rest of the body may not have been read.
 */
export function toMediaHttpError(error: unknown): unknown {
  if (!(error instanceof MediaError)) return error;
  const status = MEDIA_ERROR_STATUS[error.code];
  return new HttpError(status, error.code, error.message, { cause: error, ...((status === 413 || status === 503 || status === 507) && { headers: { connection: 'close' } }) });
}
