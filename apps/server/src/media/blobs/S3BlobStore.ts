import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { BlobError } from './BlobError.ts';
import type { BlobStore } from './BlobStore.ts';
import { blobFile, contentFiles, peaksFile } from './contentFiles.ts';
import type { S3Location } from './parseMediaStoreUrl.ts';
import { describeS3Failure, isMissingObject } from './s3Failures.ts';

/** Options of {@link S3BlobStore}. */
export interface S3BlobStoreOptions extends S3Location {
  /** This node's cache of the objects (`--media-dir`). */
  readonly mediaDir: string;
  /** An S3-compatible server's URL (`--s3-endpoint`); addressed path-style. Absent: AWS S3 in the SDK's region. */
  readonly endpoint?: string | undefined;
  /** The client; by default one from the SDK's standard environment (`AWS_ACCESS_KEY_ID`, `AWS_REGION`, profiles…). */
  readonly client?: S3Client;
}

// downloads under way in this process, by destination: callers asking for one file at once share one
const downloads = new Map<string, Promise<string>>();

/**
 * Media blobs as objects in an S3-compatible bucket, `<prefix><sha[0:2]>/<sha>` and the peaks beside them, with the
 * media directory as this node's cache: a file there is either an object this node published or one it downloaded and
 * checked, and an object never changes under its name, so the cache never needs invalidating.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  readonly location: string;
  readonly mediaDir: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly #client: S3Client;
  readonly #endpoint: string | undefined;
  readonly #ownsClient: boolean;

  constructor(options: S3BlobStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix;
    this.mediaDir = options.mediaDir;
    this.#endpoint = options.endpoint;
    this.location = `s3://${options.bucket}/${options.prefix}`;
    this.#client = options.client ?? createS3Client(options.endpoint);
    this.#ownsClient = options.client === undefined;
  }

  dispose(): void {
    if (this.#ownsClient) this.#client.destroy();
  }

  async check(): Promise<void> {
    const probe = `${this.prefix}.verbatim-write-check-${process.pid}-${crypto.randomUUID()}`;
    try {
      await this.#client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      await this.#client.send(new PutObjectCommand({ Bucket: this.bucket, Key: probe, Body: 'verbatim' }));
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: probe }));
    } catch (error) {
      const where = this.#endpoint === undefined ? '' : ` at ${this.#endpoint}`;
      throw new BlobError('store-unavailable', `cannot use the media store ${this.location}${where}: ${describeS3Failure(error, this.bucket)}`, { cause: error });
    }
  }

  async publish(sha256: string, blobPath: string, peaksPath: string): Promise<void> {
    const written: string[] = [];
    try {
      // the same bytes are stored already (an upload of the same file): nothing to send
      if (!(await this.#exists(blobFile(sha256)))) {
        await this.#upload(blobFile(sha256), blobPath);
        written.push(blobFile(sha256));
      }
      await this.#client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.#key(peaksFile(sha256)), Body: createReadStream(peaksPath) }));
      written.push(peaksFile(sha256));
    } catch (error) {
      // nothing half-stored: what this call wrote goes (a failed multipart upload is aborted by lib-storage itself)
      for (const file of written) await this.#delete(file).catch(() => {});
      throw error;
    }
  }

  async confirm(sha256: string): Promise<void> {
    for (const file of [blobFile(sha256), peaksFile(sha256)]) {
      const local = join(this.mediaDir, file);
      if (existsSync(local) && !(await this.#exists(file))) await this.#upload(file, local);
    }
  }

  ensureLocal(relativePath: string, sha256?: string): Promise<string> {
    const path = join(this.mediaDir, relativePath);
    if (existsSync(path)) return Promise.resolve(path);
    let download = downloads.get(path);
    if (download === undefined) {
      download = this.#download(relativePath, path, sha256).finally(() => downloads.delete(path));
      downloads.set(path, download);
    }
    return download;
  }

  async remove(sha256: string, stillUsed: () => boolean): Promise<void> {
    const files = contentFiles(sha256);
    // set aside by a server-side copy first: an upload of the same bytes may commit a row while the objects go, and
    // this node may have no copy to publish again
    const kept: string[] = [];
    for (const file of [blobFile(sha256), peaksFile(sha256)]) {
      if (await this.#copy(file, this.#asideKey(file))) kept.push(file);
    }
    // one at a time: some S3-compatible servers fail concurrent deletes in one "directory"
    for (const file of files) await this.#delete(file);
    if (stillUsed()) {
      // such an upload committed: its objects come back
      for (const file of kept) await this.#copy(this.#asideKey(file), this.#key(file), true);
    } else {
      for (const file of files) rmSync(join(this.mediaDir, file), { force: true });
    }
    for (const file of kept) await this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.#asideKey(file) }));
  }

  async #download(relativePath: string, path: string, sha256: string | undefined): Promise<string> {
    const key = this.#key(relativePath);
    let body;
    try {
      body = (await this.#client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))).Body;
    } catch (error) {
      if (isMissingObject(error)) throw new BlobError('blob-missing', `The object s3://${this.bucket}/${key} is missing from the media store.`, { cause: error });
      throw error;
    }
    if (body === undefined) throw new BlobError('blob-missing', `The object s3://${this.bucket}/${key} has no body.`);
    const temp = join(this.mediaDir, 'tmp', `${crypto.randomUUID()}.download`);
    mkdirSync(dirname(temp), { recursive: true });
    try {
      const hash = createHash('sha256');
      const hashing = async function* (source: AsyncIterable<Uint8Array>) {
        for await (const chunk of source) {
          hash.update(chunk);
          yield chunk;
        }
      };
      await pipeline(body as Readable, hashing, createWriteStream(temp, { flags: 'wx', flush: true }));
      const actual = hash.digest('hex');
      if (sha256 !== undefined && actual !== sha256) {
        throw new BlobError('blob-corrupt', `The object s3://${this.bucket}/${key} is corrupt: its bytes hash to ${actual}, not to the content's ${sha256}.`);
      }
      mkdirSync(dirname(path), { recursive: true });
      renameSync(temp, path);
      return path;
    } finally {
      rmSync(temp, { force: true });
    }
  }

  async #upload(file: string, localPath: string): Promise<void> {
    // multipart past 5 MiB parts, aborted on failure (no parts left behind)
    await new Upload({ client: this.#client, params: { Bucket: this.bucket, Key: this.#key(file), Body: createReadStream(localPath) } }).done();
  }

  // copies an object within the bucket (`from` a file or a full key); false when there was none
  async #copy(from: string, to: string, fullKey = false): Promise<boolean> {
    const source = fullKey ? from : this.#key(from);
    try {
      await this.#client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: `${this.bucket}/${source.split('/').map(encodeURIComponent).join('/')}` }));
      return true;
    } catch (error) {
      if (isMissingObject(error)) return false;
      throw error;
    }
  }

  #asideKey(file: string): string {
    return `${this.prefix}.removing/${file}`;
  }

  async #exists(file: string): Promise<boolean> {
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.#key(file) }));
      return true;
    } catch (error) {
      if (isMissingObject(error)) return false;
      throw error;
    }
  }

  async #delete(file: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.#key(file) }));
  }

  #key(file: string): string {
    return `${this.prefix}${file}`;
  }
}

/**
 * An S3 client from the SDK's standard environment (credentials from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, a
 * profile or an instance role; region from `AWS_REGION`, else us-east-1), path-style at `endpoint` when given.
 */
export function createS3Client(endpoint?: string): S3Client {
  const region = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1';
  return new S3Client({ region, ...(endpoint !== undefined && { endpoint, ...S3_COMPATIBLE }) });
}

/**
 * Client settings for an S3-compatible server: path-style addresses, and checksums only where S3 requires them (many
 * such servers do not read the SDK's default aws-chunked uploads with trailing checksums, and store the framing).
 * The content's own SHA-256 is checked on every download anyway.
 */
export const S3_COMPATIBLE = { forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } as const;
