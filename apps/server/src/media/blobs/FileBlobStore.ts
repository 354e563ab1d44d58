import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BlobError } from './BlobError.ts';
import type { BlobStore } from './BlobStore.ts';
import { contentFiles } from './contentFiles.ts';

/** The media directory as the store (today's layout, and a shared mount past one machine): nothing to copy. */
export class FileBlobStore implements BlobStore {
  readonly kind = 'filesystem';
  readonly location: string;
  readonly mediaDir: string;

  constructor(mediaDir: string) {
    this.mediaDir = mediaDir;
    this.location = mediaDir;
  }

  // checkMediaDir does it, synchronously, before the database opens
  async check(): Promise<void> {}

  async publish(): Promise<void> {}

  async confirm(): Promise<void> {}

  async ensureLocal(relativePath: string): Promise<string> {
    const path = join(this.mediaDir, relativePath);
    if (!existsSync(path)) throw new BlobError('blob-missing', `${relativePath} is not in the media directory ${this.mediaDir}.`);
    return path;
  }

  dispose(): void {}

  async remove(sha256: string): Promise<void> {
    for (const file of contentFiles(sha256)) rmSync(join(this.mediaDir, file), { force: true });
  }
}
