import { MediaError } from '../MediaError.ts';
import { describeS3Failure, isS3Failure, isTransientS3Failure } from './s3Failures.ts';

// the file system said no to a write: full, over quota, read-only, not allowed
const REFUSED_WRITE = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EFBIG']);

/**
 * The {@link MediaError} a failed write of an upload becomes: `storage-refused` (HTTP 507) for a full or read-only
 * disk and for an object store's refusal, `storage-unavailable` (503) for an object store that did not answer or
 * failed for a moment. Anything else (a `MediaError` already, a cancellation) is returned as is.
 */
export function toStorageError(error: unknown): unknown {
  if (error instanceof MediaError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && REFUSED_WRITE.has(code) && typeof (error as { syscall?: unknown }).syscall === 'string') {
    const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EDQUOT' ? 'the disk quota is used up' : `the file system refused the write (${code})`;
    return new MediaError('storage-refused', `The upload could not be stored: ${why}. Nothing was kept; ask the administrator to free space on the media storage, then send it again.`, { cause: error });
  }
  if (isS3Failure(error)) {
    const why = describeS3Failure(error, '');
    if (isTransientS3Failure(error)) {
      return new MediaError('storage-unavailable', `The upload could not be stored, the media store is unavailable: ${why}. Nothing was kept; send it again shortly.`, { cause: error });
    }
    return new MediaError('storage-refused', `The upload could not be stored, the media store refused it: ${why}. Nothing was kept; ask the administrator.`, { cause: error });
  }
  return error;
}
