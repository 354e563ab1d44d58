import { BlobError } from '../media/blobs/BlobError.ts';
import type { MediaStore } from '../media/MediaStore.ts';
import { JobError } from './JobError.ts';

/**
 * The local path of a job's media (downloaded from an object store into this node's cache first). A blob the store
 * does not hold, or holds corrupt, fails the job for good with `media-file-missing` naming the media; an object store
 * that does not answer throws its own error, and the attempt is retried.
 */
export async function localBlob(media: MediaStore, sha256: string, mediaId: string): Promise<string> {
  try {
    return await media.ensureLocal(sha256);
  } catch (error) {
    if (error instanceof BlobError && error.code === 'blob-missing') {
      throw new JobError('media-file-missing', `The stored file of media ${mediaId} is missing; upload it again.`, { cause: error });
    }
    if (error instanceof BlobError && error.code === 'blob-corrupt') {
      throw new JobError('media-file-missing', `The stored file of media ${mediaId} is corrupt in the media store (${error.message}); upload it again.`, { cause: error });
    }
    throw error;
  }
}
