/**
 * Where the content-addressed media blobs live: the blob of content `sha` is `<sha[0:2]>/<sha>` and its waveform
 * peaks `<sha[0:2]>/<sha>.peaks.dat`, under the media directory on every node. With a filesystem store that directory
 * is the store (a shared mount when several processes serve); with an object store it is this node's cache of the
 * objects, which stays coherent because an object never changes under its name (it is deleted, never rewritten).
 *
 * Order that keeps every committed media row readable on every node: an upload is published ({@link publish}) before
 * its row is inserted, and checked again ({@link confirm}) after; a removal deletes the row first and the object
 * after, and only while no row uses the content any more.
 */
export interface BlobStore {
  /** `filesystem`: the media directory is the store; `s3`: an S3-compatible bucket, the media directory its cache. */
  readonly kind: 'filesystem' | 's3';
  /** The store for messages: the directory, or `s3://bucket/prefix`. Never holds a credential. */
  readonly location: string;
  /** This node's copy of the blobs: the store itself, or the cache of an object store. */
  readonly mediaDir: string;
  /**
   * Checks at start that the store can be used: for an object store that the bucket exists and that this process may
   * write and delete objects in it (a probe object is written and deleted).
   *
   * @throws {BlobError} `store-unavailable` naming the bucket and the reason.
   */
  check(): Promise<void>;
  /**
   * Publishes a staged upload under its content's names before its media row is committed: the blob from `blobFile`
   * and the peaks from `peaksFile` (temporary files, left in place). A no-op for a filesystem store, whose rename
   * into the media directory publishes.
   *
   * @throws the store's error when it refuses the write (see `toStorageError`).
   */
  publish(sha256: string, blobFile: string, peaksFile: string): Promise<void>;
  /**
   * After the media row of `sha256` is committed: makes sure the object is still there (a removal of the same content
   * elsewhere may have deleted it between the publish and the commit) and publishes the local copy again when not.
   */
  confirm(sha256: string): Promise<void>;
  /**
   * The local path of the file `relativePath` (a blob `<sha[0:2]>/<sha>`, or a peaks file), downloaded first when this
   * node has no copy: into a temporary file, checked against `sha256` when given, then renamed into place. Callers
   * asking for the same file at once share one download.
   *
   * @throws {BlobError} `blob-missing` when the store does not hold it, `blob-corrupt` when its bytes do not hash to `sha256`.
   */
  ensureLocal(relativePath: string, sha256?: string): Promise<string>;
  /**
   * Deletes the content's files (blob, peaks, peaks of the earlier JSON layout) from the store and from this node's
   * copy. `stillUsed` is asked again after the objects are gone: when a row for the content was committed meanwhile
   * (an upload of the same bytes elsewhere) the objects are put back (an object store sets them aside by a server-side
   * copy before deleting them, so the node removing need not hold a copy).
   */
  remove(sha256: string, stillUsed: () => boolean): Promise<void>;
  /** Closes the store's connections (an object store's client, when it made it). */
  dispose(): void;
}
