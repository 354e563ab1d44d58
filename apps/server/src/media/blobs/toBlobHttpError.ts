import { HttpError } from '../../http/HttpError.ts';
import { BlobError } from './BlobError.ts';
import { isS3Failure } from './s3Failures.ts';

/**
 * The HTTP error a failure to get a media's stored bytes becomes: 404 `media-file-missing` when the store does not
 * hold them, 502 `media-file-corrupt` when what it holds does not hash to them, 503 `storage-unavailable` when the
 * object store did not answer. Anything else is returned as is.
 */
export function toBlobHttpError(error: unknown, mediaId: string, what = 'stored file'): unknown {
  if (error instanceof BlobError && error.code === 'blob-missing') return new HttpError(404, 'media-file-missing', `The ${what} of media ${mediaId} is missing; upload it again.`, { cause: error });
  if (error instanceof BlobError && error.code === 'blob-corrupt') return new HttpError(502, 'media-file-corrupt', `The ${what} of media ${mediaId} is corrupt in the media store and was not served. ${error.message}`, { cause: error });
  if (isS3Failure(error)) return new HttpError(503, 'storage-unavailable', `The media store did not answer for the ${what} of media ${mediaId}; try again shortly.`, { cause: error, headers: { 'retry-after': '5' } });
  return error;
}
