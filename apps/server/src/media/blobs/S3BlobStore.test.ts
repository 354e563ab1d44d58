import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobError } from './BlobError.ts';
import { blobFile, peaksFile } from './contentFiles.ts';
import { S3_COMPATIBLE, S3BlobStore } from './S3BlobStore.ts';
import { S3RVER_CREDENTIALS, startTestS3Server, type TestS3Server } from './s3rverForTests.ts';
import { toStorageError } from './toStorageError.ts';
import { MediaError } from '../MediaError.ts';

let s3: TestS3Server;
let dir: string;

beforeAll(async () => {
  s3 = await startTestS3Server(['media']);
  dir = mkdtempSync(join(tmpdir(), 'vwb-s3-blobs-'));
});

afterAll(async () => {
  await s3.close();
  rmSync(dir, { recursive: true, force: true });
});

function node(name: string, bucket = 'media', client: S3Client = s3.client): S3BlobStore {
  const mediaDir = join(dir, name);
  mkdirSync(mediaDir, { recursive: true });
  return new S3BlobStore({ bucket, prefix: 'verbatim/', mediaDir, endpoint: s3.endpoint, client });
}

// a staged upload as receiveUploads has it: the bytes and their peaks in temporary files
function staged(store: S3BlobStore, text: string): { sha: string; blob: string; peaks: string; bytes: Buffer } {
  const bytes = Buffer.from(text);
  const sha = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(join(store.mediaDir, 'tmp'), { recursive: true });
  const blob = join(store.mediaDir, 'tmp', `${sha}.part`);
  writeFileSync(blob, bytes);
  writeFileSync(`${blob}.peaks.dat`, 'peaks');
  return { sha, blob, peaks: `${blob}.peaks.dat`, bytes };
}

async function objectExists(key: string): Promise<boolean> {
  try {
    await s3.client.send(new HeadObjectCommand({ Bucket: 'media', Key: key }));
    return true;
  } catch {
    return false;
  }
}

describe('check at start', () => {
  it('passes on a bucket that exists and takes writes, and leaves no probe object behind', async () => {
    await node('a').check();
  });

  it('names the bucket that does not exist', async () => {
    const error = await node('a', 'no-such-bucket').check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlobError);
    expect((error as BlobError).code).toBe('store-unavailable');
    expect((error as Error).message).toBe(`cannot use the media store s3://no-such-bucket/verbatim/ at ${s3.endpoint}: the bucket "no-such-bucket" does not exist`);
  });

  it('says the credentials were refused', async () => {
    const wrong = new S3Client({ endpoint: s3.endpoint, ...S3_COMPATIBLE, region: 'us-east-1', credentials: { accessKeyId: 'WRONG', secretAccessKey: 'nope' }, maxAttempts: 1 });
    const error = await node('a', 'media', wrong).check().catch((e: unknown) => e);
    wrong.destroy();
    expect((error as Error).message).toMatch(/^cannot use the media store s3:\/\/media\/verbatim\/ at http:\/\/127\.0\.0\.1:\d+: the credentials were refused \((InvalidAccessKeyId, )?HTTP 403\)$/);
    expect((error as Error).message).not.toContain('nope');
  });

  it('says the endpoint does not answer', async () => {
    const closed = await startTestS3Server([]);
    await closed.close();
    const client = new S3Client({ endpoint: closed.endpoint, ...S3_COMPATIBLE, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
    const store = new S3BlobStore({ bucket: 'media', prefix: '', mediaDir: join(dir, 'x'), endpoint: closed.endpoint, client });
    const error = await store.check().catch((e: unknown) => e);
    client.destroy();
    expect((error as Error).message).toBe(`cannot use the media store s3://media/ at ${closed.endpoint}: the endpoint does not answer (ECONNREFUSED)`);
  });
});

describe('objects and the local cache', () => {
  it('a second node reads what the first published, checked against its hash, in one download for concurrent readers', async () => {
    const first = node('first');
    const upload = staged(first, 'the bytes of a recording');
    await first.publish(upload.sha, upload.blob, upload.peaks);
    expect(await objectExists(`verbatim/${blobFile(upload.sha)}`)).toBe(true);
    expect(await objectExists(`verbatim/${peaksFile(upload.sha)}`)).toBe(true);

    const second = node('second');
    const one = second.ensureLocal(blobFile(upload.sha), upload.sha);
    const other = second.ensureLocal(blobFile(upload.sha), upload.sha);
    expect(other).toBe(one);
    const path = await one;
    expect(path).toBe(join(second.mediaDir, blobFile(upload.sha)));
    expect(readFileSync(path)).toEqual(upload.bytes);
    expect(readFileSync(await second.ensureLocal(peaksFile(upload.sha))).toString()).toBe('peaks');
    expect(readdirSync(join(second.mediaDir, 'tmp'))).toEqual([]);
  });

  it('refuses an object whose bytes do not hash to its name, and keeps nothing of it', async () => {
    const store = node('corrupt');
    const sha = createHash('sha256').update('what was uploaded').digest('hex');
    await s3.client.send(new PutObjectCommand({ Bucket: 'media', Key: `verbatim/${blobFile(sha)}`, Body: 'something else' }));
    const error = await store.ensureLocal(blobFile(sha), sha).catch((e: unknown) => e);
    expect((error as BlobError).code).toBe('blob-corrupt');
    expect((error as Error).message).toContain(`s3://media/verbatim/${blobFile(sha)} is corrupt`);
    expect(existsSync(join(store.mediaDir, blobFile(sha)))).toBe(false);
    expect(readdirSync(join(store.mediaDir, 'tmp'))).toEqual([]);
  });

  it('says which object is missing', async () => {
    const sha = 'ab'.repeat(32);
    const error = await node('missing').ensureLocal(blobFile(sha), sha).catch((e: unknown) => e);
    expect((error as BlobError).code).toBe('blob-missing');
    expect((error as Error).message).toBe(`The object s3://media/verbatim/${blobFile(sha)} is missing from the media store.`);
  });

  it('removing deletes the objects and the local copy; one still used afterwards is put back, with no copy on this node', async () => {
    const store = node('remove');
    const gone = staged(store, 'removed for good');
    await store.publish(gone.sha, gone.blob, gone.peaks);
    await store.ensureLocal(blobFile(gone.sha), gone.sha);
    await store.remove(gone.sha, () => false);
    expect(await objectExists(`verbatim/${blobFile(gone.sha)}`)).toBe(false);
    expect(await objectExists(`verbatim/${peaksFile(gone.sha)}`)).toBe(false);
    expect(existsSync(join(store.mediaDir, blobFile(gone.sha)))).toBe(false);

    // an upload of the same bytes on another node committed its row while the objects were deleted
    const kept = staged(node('uploader'), 'uploaded again meanwhile');
    await node('uploader').publish(kept.sha, kept.blob, kept.peaks);
    await store.remove(kept.sha, () => true);
    expect(await objectExists(`verbatim/${blobFile(kept.sha)}`)).toBe(true);
    expect(await objectExists(`verbatim/${peaksFile(kept.sha)}`)).toBe(true);
    expect(readFileSync(await node('reader').ensureLocal(blobFile(kept.sha), kept.sha))).toEqual(kept.bytes);
    // nothing set aside stays
    expect(await objectExists(`verbatim/.removing/${blobFile(kept.sha)}`)).toBe(false);
    expect(await objectExists(`verbatim/.removing/${blobFile(gone.sha)}`)).toBe(false);
  });
});

describe('writes', () => {
  it('a large blob goes up in parts and comes back whole', async () => {
    const store = node('large');
    const bytes = Buffer.alloc(12 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32LE(i, i);
    const sha = createHash('sha256').update(bytes).digest('hex');
    mkdirSync(join(store.mediaDir, 'tmp'), { recursive: true });
    writeFileSync(join(store.mediaDir, 'tmp', 'large.part'), bytes);
    writeFileSync(join(store.mediaDir, 'tmp', 'large.peaks'), 'peaks');
    await store.publish(sha, join(store.mediaDir, 'tmp', 'large.part'), join(store.mediaDir, 'tmp', 'large.peaks'));
    expect(readFileSync(await node('large-reader').ensureLocal(blobFile(sha), sha)).equals(bytes)).toBe(true);
  });

  it('a write the store refuses becomes storage-refused (507), one it does not answer storage-unavailable (503)', async () => {
    const store = node('refused', 'no-such-bucket');
    const upload = staged(store, 'refused');
    const refused = toStorageError(await store.publish(upload.sha, upload.blob, upload.peaks).catch((e: unknown) => e));
    expect(refused).toBeInstanceOf(MediaError);
    expect((refused as MediaError).code).toBe('storage-refused');
    expect((refused as MediaError).message).toBe('The upload could not be stored, the media store refused it: the bucket does not exist. Nothing was kept; ask the administrator.');

    const closed = await startTestS3Server(['media']);
    await closed.close();
    const client = new S3Client({ endpoint: closed.endpoint, ...S3_COMPATIBLE, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
    const away = new S3BlobStore({ bucket: 'media', prefix: '', mediaDir: store.mediaDir, endpoint: closed.endpoint, client });
    const unavailable = toStorageError(await away.publish(upload.sha, upload.blob, upload.peaks).catch((e: unknown) => e));
    client.destroy();
    expect((unavailable as MediaError).code).toBe('storage-unavailable');
    expect((unavailable as MediaError).message).toBe('The upload could not be stored, the media store is unavailable: the endpoint does not answer (ECONNREFUSED). Nothing was kept; send it again shortly.');
  });
});
