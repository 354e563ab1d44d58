import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MediaAnalysis } from './analyzeMedia.ts';
import type { MediaAnalyzer } from './MediaAnalyzer.ts';
import { MediaError } from './MediaError.ts';
import type { MediaRecord, MediaStore } from './MediaStore.ts';
import { multipartBoundary, readMultipart } from './readMultipart.ts';
import { sanitizeFileName } from './sanitizeFileName.ts';
import { stageUpload, type StagedUpload } from './stageUpload.ts';
import { toStorageError } from './blobs/toStorageError.ts';

/** Options of {@link receiveUploads}. */
export interface ReceiveUploadsOptions {
  readonly store: MediaStore;
  readonly projectId: string;
  /** The uploader; null when there is no account to record (a live session's recording whose operator was deleted). */
  readonly userId: string | null;
  /** Largest accepted file, in bytes (each file of the request). */
  readonly maxFileBytes: number;
  /** Checks each received file (header limits, then decoding and peaks in a worker thread). */
  readonly analyzer: MediaAnalyzer;
  /**
   * Called when the server starts working on a received file, during which it reads nothing from the request;
   * returns the function to call when it is done. The route suspends the connection's idle timeout meanwhile: the
   * server is busy then, not the client.
   */
  readonly pauseIdleTimeout?: () => () => void;
  /** Most parts (files and other fields) in one request (default 32). */
  readonly maxParts?: number;
  /** Called when a file has been received and checked, with its sanitised name. */
  readonly onFile?: (name: string, index: number) => void;
  /** Cancels the upload (the client went away); everything staged is deleted. */
  readonly signal?: AbortSignal;
}

interface Received {
  readonly name: string;
  readonly staged: StagedUpload;
  readonly analysis: MediaAnalysis;
  readonly peaksTemp: string;
}

// form fields other than files are skipped; they must stay small
const MAX_FIELD_BYTES = 64 * 1024;

/**
 * Receives a `multipart/form-data` request whose `file` parts are audio or video files: each is streamed to a
 * temporary file while hashed, recognised by its bytes, checked against the limits by its header, decoded once in a
 * worker thread (duration, and waveform peaks for the browser) and only when every file of the request passed are
 * they committed together: blobs renamed into the
 * content-addressed store (an identical blob already there is kept and the copy dropped), then the records
 * inserted in one transaction. With an object store the blobs and peaks are published there before the insert. A
 * request that fails leaves nothing behind, not even a temporary file.
 *
 * @throws {MediaError} `not-multipart`, `invalid-multipart`, `too-many-parts`, `no-file`, `empty-file`,
 *   `file-too-large`, `unsupported-format`, `invalid-audio`, `truncated-file`, `audio-too-long`, `expansion-too-high`,
 *   `storage-refused` (the disk is full, the object store refused the write), `storage-unavailable` (it did not answer).
 */
export async function receiveUploads(request: Request, options: ReceiveUploadsOptions): Promise<MediaRecord[]> {
  const { store, signal } = options;
  const boundary = multipartBoundary(request.headers.get('content-type') ?? undefined);
  if (request.body === null) throw new MediaError('no-file', 'The request has no body; send at least one "file" part.');
  const tempDir = store.ensureDirectories();
  const received: Received[] = [];
  // contents published to an object store by this request, until their rows are committed
  let published: string[] = [];
  try {
    for await (const part of readMultipart(request.body, boundary, { maxParts: options.maxParts ?? 32 })) {
      if (part.name !== 'file') {
        await skipField(part.body, part.name);
        continue;
      }
      const name = sanitizeFileName(part.filename, `file ${received.length + 1}`);
      const staged = await stageUpload(part.body, { tempDir, maxBytes: options.maxFileBytes, displayName: name, ...(signal && { signal }) });
      let peaksTemp: string | undefined;
      const resume = options.pauseIdleTimeout?.();
      try {
        const analysis = await options.analyzer.analyze(staged.tempPath, name, signal);
        peaksTemp = `${staged.tempPath}.peaks.dat`;
        writeDurably(peaksTemp, analysis.peaks);
        received.push({ name, staged, analysis, peaksTemp });
      } catch (error) {
        rmSync(staged.tempPath, { force: true });
        if (peaksTemp !== undefined) rmSync(peaksTemp, { force: true });
        throw error;
      } finally {
        resume?.();
      }
      options.onFile?.(name, received.length - 1);
    }
    if (received.length === 0) throw new MediaError('no-file', 'The request holds no "file" part; send each file as a form field named "file".');
    signal?.throwIfAborted();
    // an object store: every object is published before any row names it (a no-op on the filesystem, not awaited there)
    if (store.blobs.kind !== 'filesystem') {
      for (const item of received) {
        published.push(item.staged.sha256);
        await store.blobs.publish(item.staged.sha256, item.staged.tempPath, item.peaksTemp);
      }
      signal?.throwIfAborted();
    }
    // from here on nothing awaits: no delete can remove a blob between its rename and the insert that uses it
    for (const item of received) commitBlob(store, item);
    const records = store.insert(
      received.map(({ name, staged, analysis }) => ({
        projectId: options.projectId,
        sha256: staged.sha256,
        originalName: name,
        format: staged.format,
        bytes: staged.bytes,
        durationSeconds: analysis.durationSeconds,
        sampleRate: analysis.sampleRate,
        channels: analysis.channels,
        createdBy: options.userId,
        peaksPath: store.peaksPathOf(staged.sha256),
      })),
    );
    published = [];
    // a removal of the same bytes elsewhere may have deleted an object between its publishing and the insert; the rows
    // are committed, so a store that fails to answer now does not fail the upload (that removal puts objects back too)
    if (store.blobs.kind !== 'filesystem') await Promise.all(records.map((r) => store.blobs.confirm(r.sha256).catch(() => {})));
    return records;
  } catch (error) {
    // nothing half-stored: the objects of a request that failed go too, unless a row of another request uses them
    if (published.length > 0) await store.removeFromStore(published);
    throw toStorageError(error);
  } finally {
    // committed files were renamed away; these are the ones a failure left
    for (const item of received) {
      rmSync(item.staged.tempPath, { force: true });
      rmSync(item.peaksTemp, { force: true });
    }
  }
}

async function skipField(body: AsyncIterable<Uint8Array>, name: string | undefined): Promise<void> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > MAX_FIELD_BYTES) {
      throw new MediaError('invalid-multipart', `The form field "${sanitizeFileName(name, '(unnamed)')}" is not a "file" part and is larger than 64 KiB; send files as "file" parts.`);
    }
  }
}

// a blob with this hash already holds the same bytes: keep it (dedupe) and drop the new copy
function commitBlob(store: MediaStore, item: Received): void {
  const blob = store.blobPath(item.staged.sha256);
  const peaks = join(store.mediaDir, store.peaksPathOf(item.staged.sha256));
  mkdirSync(dirname(blob), { recursive: true });
  if (existsSync(blob)) rmSync(item.staged.tempPath, { force: true });
  else renameSync(item.staged.tempPath, blob);
  if (existsSync(peaks)) rmSync(item.peaksTemp, { force: true });
  else renameSync(item.peaksTemp, peaks);
  syncDirectory(dirname(blob));
}

function writeDurably(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'wx');
  try {
    writeFileSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// makes the renames themselves survive a power cut
function syncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
