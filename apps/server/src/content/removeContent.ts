import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import type { ProjectStore } from '../auth/ProjectStore.ts';
import type { MediaStore } from '../media/MediaStore.ts';
import type { JobQueueApi } from '../queue/JobQueueApi.ts';

/** What a removal took away. */
export interface RemovedContent {
  readonly mediaIds: readonly string[];
  readonly transcriptIds: readonly string[];
  /** Audio and peaks files deleted from disk (bytes another record still uses stay). */
  readonly files: readonly string[];
  /** Queued or running jobs of the removed recordings that were cancelled. */
  readonly cancelledJobIds: readonly string[];
  /** With an object store: settles when the removed contents' objects are deleted too (it never rejects). */
  readonly storeRemoval?: Promise<void>;
}

/** The stores a removal touches. */
export interface RemoveContentDeps {
  readonly db: SqlDatabase;
  readonly media: MediaStore;
  readonly queue: JobQueueApi;
  readonly projects: ProjectStore;
}

/**
 * Deletes one transcript: its record and, through the schema's cascades, its document, reviews, plugin records and
 * job link. Returns undefined when there is no such transcript. Access is the caller's to check first.
 */
export function removeTranscript(deps: Pick<RemoveContentDeps, 'db'>, transcriptId: string): RemovedContent | undefined {
  const changes = deps.db.prepare('DELETE FROM transcripts WHERE id = ?').run(transcriptId).changes;
  return changes === 0 ? undefined : { mediaIds: [], transcriptIds: [transcriptId], files: [], cancelledJobIds: [] };
}

/**
 * Deletes a recording with every transcript made from it, in one transaction; after the commit its audio and peaks
 * files go (when no other record shares the bytes) and its unfinished jobs are cancelled. Returns undefined when
 * there is no such recording.
 */
export function removeMedia(deps: RemoveContentDeps, mediaId: string): RemovedContent | undefined {
  const { db, media } = deps;
  const removed = db.transaction(() => {
    const record = media.get(mediaId);
    if (record === undefined) return undefined;
    const transcriptIds = idsOf(db, 'SELECT id FROM transcripts WHERE media_id = ?', mediaId);
    const jobIds = idsOf(
      db,
      `SELECT id FROM jobs WHERE project_id = ? AND state IN ('queued', 'running') AND json_extract(payload, '$.mediaId') = ?`,
      record.projectId,
      mediaId,
    );
    db.prepare('DELETE FROM transcripts WHERE media_id = ?').run(mediaId);
    db.prepare('DELETE FROM media WHERE id = ?').run(mediaId);
    return { transcriptIds, jobIds, files: unsharedFiles(db, media, [record.sha256]), sha256: record.sha256 };
  }).immediate();
  if (removed === undefined) return undefined;
  // nothing awaits between the commit and here: an upload of the same bytes cannot commit in between
  removeFiles(removed.files);
  // an object store's objects after the rows and local files (see BlobStore for the order)
  const storeRemoval = media.removeFromStore([removed.sha256]);
  const cancelledJobIds = removed.jobIds.filter((id) => deps.queue.cancel(id) !== undefined);
  return { mediaIds: [mediaId], transcriptIds: removed.transcriptIds, files: removed.files, cancelledJobIds, storeRemoval };
}

/**
 * Deletes a project and everything in it (see `ProjectStore#deleteProject`) in one transaction, then the audio and
 * peaks files of its recordings that no other project shares. Its jobs go with it: a worker running one finds its
 * lease gone and stops. Throws `AuthError` `project-not-found`.
 */
export function removeProject(deps: RemoveContentDeps, projectId: string): RemovedContent {
  const { db, media } = deps;
  const removed = deps.projects.deleteProject(projectId, () => {
    const records = media.listForProject(projectId);
    const transcriptIds = idsOf(db, 'SELECT id FROM transcripts WHERE project_id = ?', projectId);
    // the media rows go with the project row, after this: count the other projects' references only
    const shas = [...new Set(records.map((r) => r.sha256))];
    const files = shas.filter((sha) => otherReferences(db, sha, projectId) === 0).flatMap((sha) => filesOf(media, sha));
    return { mediaIds: records.map((r) => r.id), transcriptIds, files, shas };
  });
  removeFiles(removed.files);
  const { shas, ...rest } = removed;
  return { ...rest, cancelledJobIds: [], storeRemoval: media.removeFromStore(shas) };
}

function idsOf(db: SqlDatabase, sql: string, ...params: string[]): string[] {
  return db.prepare<string[], { id: string }>(sql).all(...params).map((row) => row.id);
}

function otherReferences(db: SqlDatabase, sha256: string, projectId: string): number {
  return db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM media WHERE sha256 = ? AND project_id != ?').get(sha256, projectId)!.n;
}

// the files of the given blobs that no remaining media row uses (call after deleting the rows, in the same transaction)
function unsharedFiles(db: SqlDatabase, media: MediaStore, shas: readonly string[]): string[] {
  return shas.filter((sha) => db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM media WHERE sha256 = ?').get(sha)!.n === 0).flatMap((sha) => filesOf(media, sha));
}

// the blob, its binary peaks, and peaks in the JSON layout of earlier versions
function filesOf(media: MediaStore, sha256: string): string[] {
  const candidates = [media.blobPath(sha256), join(media.mediaDir, media.peaksPathOf(sha256)), join(media.mediaDir, sha256.slice(0, 2), `${sha256}.peaks.json`)];
  return candidates.filter((path) => existsSync(path));
}

function removeFiles(files: readonly string[]): void {
  for (const file of files) rmSync(file, { force: true });
}
