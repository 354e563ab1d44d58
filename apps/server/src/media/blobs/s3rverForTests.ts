// Test helper: a real S3 protocol server (s3rver) on loopback, with its buckets, and a client for it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { S3_COMPATIBLE } from './S3BlobStore.ts';

/** s3rver's only accepted key pair. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface TestS3Server {
  readonly endpoint: string;
  /** A client signed with {@link S3RVER_CREDENTIALS}, path-style. */
  readonly client: S3Client;
  close(): Promise<void>;
}

/** Starts s3rver on a free loopback port with the `buckets` made, its files in a fresh temporary directory. */
export async function startTestS3Server(buckets: readonly string[]): Promise<TestS3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'vwb-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, ...S3_COMPATIBLE, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
  let closed = false;
  return {
    endpoint,
    client,
    async close() {
      if (closed) return;
      closed = true;
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
