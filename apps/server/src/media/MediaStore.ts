import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlDatabase, SqlStatement } from '../db/SqlDatabase.ts';
import type { BlobStore } from './blobs/BlobStore.ts';
import { blobFile } from './blobs/contentFiles.ts';
import { FileBlobStore } from './blobs/FileBlobStore.ts';

/** One uploaded file in one project. Its bytes are the blob {@link MediaStore#blobPath}(`sha256`). */
export interface MediaRecord {
  readonly id: string;
  readonly projectId: string;
  readonly sha256: string;
  /** The client's file name, sanitised (see `sanitizeFileName`). */
  readonly originalName: string;
  /** The container/codec recognised from the bytes (`AudioFormat` of @verbatim/asr). */
  readonly format: string;
  readonly bytes: number;
  /** Length of the decoded audio. */
  readonly durationSeconds: number;
  /** The file's own sample rate in Hz (0 when the decoder could not tell). */
  readonly sampleRate: number;
  /** Channels in the file (0 when the decoder could not tell). */
  readonly channels: number;
  /** The uploader; null once that account is deleted. */
  readonly createdBy: string | null;
  readonly createdAt: number;
  /**
   * The waveform peaks, relative to the media directory: audiowaveform binary (`.peaks.dat`), or JSON
   * (`.peaks.json`) for files uploaded before the binary layout; null when none were computed.
   */
  readonly peaksPath: string | null;
}

/** What {@link MediaStore#insert} needs; the store adds the id and the time. */
export type NewMedia = Omit<MediaRecord, 'id' | 'createdAt'>;

interface MediaRow {
  id: string;
  project_id: string;
  sha256: string;
  original_name: string;
  format: string;
  bytes: number;
  duration_s: number;
  sample_rate: number;
  channels: number;
  created_by: string | null;
  created_at: number;
  peaks_path: string | null;
}

/** Options of {@link MediaStore}. */
export interface MediaStoreOptions {
  /** The server's data directory; blobs go under `<dataDir>/media` unless {@link mediaDir} says where. */
  readonly dataDir: string;
  /** Where the blobs go (`--media-dir`; default `<dataDir>/media`): a directory every process of a deployment shares. */
  readonly mediaDir?: string | undefined;
  /**
   * Where the blobs are kept (see `blobStoreFor`): by default the media directory itself; with an object store the
   * media directory is this node's cache and readers call {@link MediaStore#ensureLocal} before {@link MediaStore#blobPath}.
   */
  readonly blobs?: BlobStore;
  /** Milliseconds clock (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * The `media` table (see `MEDIA_MIGRATIONS`) and the content-addressed blob directory beside it:
 * `<dataDir>/media/<sha256[0:2]>/<sha256>` holds the bytes of every record with that hash, and
 * `<sha256>.peaks.dat` beside it the waveform peaks. Statements are prepared on first use, so building the
 * store never touches the schema.
 */
export class MediaStore {
  /** `<dataDir>/media`, or the `mediaDir` option. */
  readonly mediaDir: string;
  /** Where uploads are written while they arrive, on the same file system as the blobs so a rename commits them. */
  readonly tempDir: string;
  /** The blob store: the media directory, or an S3 bucket cached in it. */
  readonly blobs: BlobStore;
  readonly #db: SqlDatabase;
  readonly #now: () => number;
  readonly #statements = new Map<string, SqlStatement>();

  constructor(db: SqlDatabase, options: MediaStoreOptions) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.mediaDir = options.mediaDir ?? join(options.dataDir, 'media');
    this.tempDir = join(this.mediaDir, 'tmp');
    this.blobs = options.blobs ?? new FileBlobStore(this.mediaDir);
  }

  /**
   * {@link blobPath}, once this node has the blob: downloaded from the object store into the media directory (checked
   * against `sha256`) when it has no copy.
   *
   * @throws {BlobError} `blob-missing`, `blob-corrupt`.
   */
  ensureLocal(sha256: string): Promise<string> {
    return this.blobs.ensureLocal(blobFile(sha256), sha256);
  }

  /** The absolute path of a record's peaks file (`peaksPath`), downloaded first when this node has no copy. */
  ensureLocalPeaks(peaksPath: string): Promise<string> {
    return this.blobs.ensureLocal(peaksPath);
  }

  /**
   * After the rows that used them are gone (and their local files, see `removeMedia`): deletes the objects of the
   * contents `shas` from an object store, each only while no row uses it. Never rejects: an object left behind holds
   * no one's data and is deleted again with the next removal of the same bytes.
   */
  async removeFromStore(shas: readonly string[]): Promise<void> {
    if (this.blobs.kind === 'filesystem') return;
    await Promise.all(shas.map((sha) => (this.references(sha) > 0 ? undefined : this.blobs.remove(sha, () => this.references(sha) > 0).catch(() => {}))));
  }

  /** The blob of content `sha256` (lower-case hex). */
  blobPath(sha256: string): string {
    return join(this.mediaDir, sha256.slice(0, 2), sha256);
  }

  /** The peaks file of content `sha256`, relative to {@link mediaDir}. */
  peaksPathOf(sha256: string): string {
    return join(sha256.slice(0, 2), `${sha256}.peaks.dat`);
  }

  /** Creates the media and temporary directories if needed and returns the temporary one. */
  ensureDirectories(): string {
    mkdirSync(this.tempDir, { recursive: true });
    return this.tempDir;
  }

  /**
   * Deletes what interrupted uploads left in the temporary directory and returns how many files went. Call it on
   * start-up, before serving: no upload of this process can be in flight then. When other processes share the media
   * directory their uploads may be, so pass `untouchedForMs` (the idle timeout, past which a silent upload's
   * connection is closed): only files not written to for that long are deleted.
   */
  removeTemporaryFiles(options: { readonly untouchedForMs?: number } = {}): number {
    if (!existsSync(this.tempDir)) return 0;
    const before = options.untouchedForMs === undefined ? Number.POSITIVE_INFINITY : this.#now() - options.untouchedForMs;
    let removed = 0;
    for (const name of readdirSync(this.tempDir)) {
      const path = join(this.tempDir, name);
      if (Number.isFinite(before)) {
        const written = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
        if (written === undefined || written >= before) continue;
      }
      rmSync(path, { force: true, recursive: true });
      removed++;
    }
    return removed;
  }

  get(id: string): MediaRecord | undefined {
    const row = this.#prepare('SELECT * FROM media WHERE id = ?').get(id) as MediaRow | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  /** A project's media, newest first. */
  listForProject(projectId: string): MediaRecord[] {
    const rows = this.#prepare('SELECT * FROM media WHERE project_id = ? ORDER BY created_at DESC, rowid DESC').all(projectId) as MediaRow[];
    return rows.map(fromRow);
  }

  /** Records `items` in one transaction (all or none) and returns them in the same order. */
  insert(items: readonly NewMedia[]): MediaRecord[] {
    const statement = this.#prepare(
      `INSERT INTO media (id, project_id, sha256, original_name, format, bytes, duration_s, sample_rate, channels, created_by, created_at, peaks_path)
       VALUES (@id, @projectId, @sha256, @originalName, @format, @bytes, @durationSeconds, @sampleRate, @channels, @createdBy, @createdAt, @peaksPath)`,
    );
    const createdAt = this.#now();
    const records = items.map((item): MediaRecord => ({ ...item, id: crypto.randomUUID(), createdAt }));
    this.#db.transaction(() => {
      for (const record of records) statement.run(record);
    })();
    return records;
  }

  /** How many records use the blob `sha256`. */
  references(sha256: string): number {
    return (this.#prepare('SELECT count(*) AS n FROM media WHERE sha256 = ?').get(sha256) as { n: number }).n;
  }

  /**
   * Deletes the record and, when no other record uses its bytes, the blob and its peaks. Synchronous on purpose:
   * nothing can commit the same blob between the count and the removal. Returns the deleted record.
   */
  delete(id: string): MediaRecord | undefined {
    const record = this.get(id);
    if (record === undefined) return undefined;
    this.#prepare('DELETE FROM media WHERE id = ?').run(id);
    if (this.references(record.sha256) === 0) {
      rmSync(this.blobPath(record.sha256), { force: true });
      rmSync(join(this.mediaDir, this.peaksPathOf(record.sha256)), { force: true });
      // peaks in the JSON layout of earlier versions
      rmSync(join(this.mediaDir, record.sha256.slice(0, 2), `${record.sha256}.peaks.json`), { force: true });
      void this.removeFromStore([record.sha256]);
    }
    return record;
  }

  /**
   * Whether the blob `sha256` is on disk; with an object store, whether it is there or in the store (whose objects
   * outlive no row: {@link ensureLocal} says when one is missing all the same).
   */
  hasBlob(sha256: string): boolean {
    return this.blobs.kind !== 'filesystem' || existsSync(this.blobPath(sha256));
  }

  #prepare(sql: string): SqlStatement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

function fromRow(row: MediaRow): MediaRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    sha256: row.sha256,
    originalName: row.original_name,
    format: row.format,
    bytes: row.bytes,
    durationSeconds: row.duration_s,
    sampleRate: row.sample_rate,
    channels: row.channels,
    createdBy: row.created_by,
    createdAt: row.created_at,
    peaksPath: row.peaks_path,
  };
}
