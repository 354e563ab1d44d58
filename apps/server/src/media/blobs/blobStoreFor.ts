import { join } from 'node:path';
import type { ServerConfig } from '../../config/ServerConfig.ts';
import type { BlobStore } from './BlobStore.ts';
import { FileBlobStore } from './FileBlobStore.ts';
import { parseMediaStoreUrl } from './parseMediaStoreUrl.ts';
import { S3BlobStore } from './S3BlobStore.ts';

// one object store (one client, one set of downloads) per setting in this process, whichever route asks
const stores = new Map<string, BlobStore>();

/**
 * The blob store of a configuration: the S3 bucket of `mediaStore` with `mediaDir` as this node's cache, or the media
 * directory itself. Object stores are made once per process and setting, and shared.
 */
export function blobStoreFor(config: Pick<ServerConfig, 'dataDir' | 'mediaDir' | 'mediaStore' | 's3Endpoint'>): BlobStore {
  const mediaDir = config.mediaDir ?? join(config.dataDir, 'media');
  if (config.mediaStore === undefined) return new FileBlobStore(mediaDir);
  const key = storeKey(config);
  let store = stores.get(key);
  if (store === undefined) {
    const location = parseMediaStoreUrl(config.mediaStore);
    // loadConfig has checked it
    if (typeof location === 'string') throw new Error(`--media-store ${location}`);
    store = new S3BlobStore({ ...location, mediaDir, endpoint: config.s3Endpoint });
    stores.set(key, store);
  }
  return store;
}

/** Closes the object store {@link blobStoreFor} made for `config`, if any; a later call makes a new one. */
export function disposeBlobStore(config: Pick<ServerConfig, 'dataDir' | 'mediaDir' | 'mediaStore' | 's3Endpoint'>): void {
  const key = storeKey(config);
  stores.get(key)?.dispose();
  stores.delete(key);
}

function storeKey(config: Pick<ServerConfig, 'dataDir' | 'mediaDir' | 'mediaStore' | 's3Endpoint'>): string {
  return `${config.mediaDir ?? join(config.dataDir, 'media')}\0${config.mediaStore ?? ''}\0${config.s3Endpoint ?? ''}`;
}
