// Media on a real S3 protocol server (s3rver on loopback): a web process with --workers 0 publishes the upload, a
// `verbatim-server worker` process with its own empty cache downloads and transcribes it, the web process streams it
// with Range, and deleting the media deletes the objects. Also the faults: a corrupt and a missing object, a bucket
// that does not exist at start, and the store going away mid-upload.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { errorOf, startTestServer, type TestServer } from '../../../test/testServer.ts';
import { startServerChild } from '../../main/serverProcess.ts';
import { startWorkerChild } from '../../main/workerProcess.ts';
import { S3RVER_CREDENTIALS, startTestS3Server, type TestS3Server } from './s3rverForTests.ts';

const BUNDLE = resolve(import.meta.dirname, '../../../../../models/verbatim-en-char-v1');

let dir: string;
let s3: TestS3Server;
let server: TestServer;
let store: string;

beforeAll(async () => {
  // the SDK's standard environment, which the worker process inherits
  process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
  dir = mkdtempSync(join(tmpdir(), 'vwb-s3-media-'));
  s3 = await startTestS3Server(['media']);
  store = 's3://media/verbatim';
  server = await startTestServer({ workers: 0, modelDir: BUNDLE, mediaStore: store, s3Endpoint: s3.endpoint, pluginDirs: [] });
});

afterAll(async () => {
  await server?.close();
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function objectExists(key: string): Promise<boolean> {
  try {
    await s3.client.send(new HeadObjectCommand({ Bucket: 'media', Key: key }));
    return true;
  } catch {
    return false;
  }
}

it('upload, transcription by a worker with an empty cache, Range from a node without a copy, delete, and the faults', async () => {
  const owner = await server.createUser('owner');
  const project = server.projects.createProject('Interviews', owner.user.id);
  const auth = { authorization: `Bearer ${owner.token}` };
  const upload = async (bytes: Uint8Array, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
    return server.fetch(`/api/projects/${project.id}/media`, { method: 'POST', headers: auth, body: form });
  };
  const enqueue = async (mediaId: string) => {
    const created = await server.fetch(`/api/projects/${project.id}/jobs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ mediaId }) });
    expect(created.status, await created.clone().text()).toBe(202);
    return ((await created.json()) as { id: string }).id;
  };
  const wav = readFileSync(join(BUNDLE, 'fixtures', 'utt0.wav'));
  const sha = createHash('sha256').update(wav).digest('hex');
  const uploaded = await upload(wav, 'utt0.wav');
  expect(uploaded.status, await uploaded.clone().text()).toBe(201);
  const [media] = ((await uploaded.json()) as { media: { id: string }[] }).media;
  // published before the row was committed
  expect(await objectExists(`verbatim/${sha.slice(0, 2)}/${sha}`)).toBe(true);
  expect(await objectExists(`verbatim/${sha.slice(0, 2)}/${sha}.peaks.dat`)).toBe(true);
  const jobId = await enqueue(media!.id);

  // another node: the worker's media directory is an empty cache
  // not made beforehand: a cache is created when missing, unlike a shared --media-dir
  const workerCache = join(dir, 'worker-cache');
  const database = server.config.database === undefined ? [] : ['--database', server.config.database];
  const worker = startWorkerChild(['--data-dir', server.config.dataDir, ...database, '--media-dir', workerCache, '--media-store', store, '--s3-endpoint', s3.endpoint, '--model-dir', BUNDLE, '--plugin-dirs', '']);
  try {
    const ended = await worker.waitFor((line) => line.jobId === jobId && line.msg?.startsWith('job ') === true && line.msg !== 'job started');
    expect(ended.msg).toBe('job succeeded');
    expect(readFileSync(join(workerCache, sha.slice(0, 2), sha))).toEqual(wav);

    // a node without a copy downloads it to answer a Range request
    rmSync(join(server.config.dataDir, 'media', sha.slice(0, 2)), { recursive: true });
    const range = await server.fetch(`/api/media/${media!.id}/audio`, { headers: { ...auth, range: 'bytes=100-199' } });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 100-199/${wav.length}`);
    expect(new Uint8Array(await range.arrayBuffer())).toEqual(new Uint8Array(wav.subarray(100, 200)));
    expect((await server.fetch(`/api/media/${media!.id}/peaks?format=dat`, { headers: auth })).status).toBe(200);

    // an object whose bytes are not its content's is refused, not served
    const other = await upload(readFileSync(join(BUNDLE, 'fixtures', 'utt1.wav')), 'utt1.wav');
    const [second] = ((await other.json()) as { media: { id: string; sha256: string }[] }).media;
    const secondKey = `verbatim/${second!.sha256.slice(0, 2)}/${second!.sha256}`;
    await s3.client.send(new PutObjectCommand({ Bucket: 'media', Key: secondKey, Body: 'not the recording' }));
    rmSync(join(server.config.dataDir, 'media', second!.sha256.slice(0, 2), second!.sha256));
    const corrupt = await errorOf(await server.fetch(`/api/media/${second!.id}/audio`, { headers: auth }));
    expect(corrupt).toMatchObject({ status: 502, code: 'media-file-corrupt' });
    // and an object gone from the store fails the job for good, naming the media
    await s3.client.send(new DeleteObjectCommand({ Bucket: 'media', Key: secondKey }));
    const missingJob = await enqueue(second!.id);
    const failed = await worker.waitFor((line) => line.jobId === missingJob && line.msg?.startsWith('job ') === true && line.msg !== 'job started');
    expect(failed.msg).toBe('job failed');
    const job = (await (await server.fetch(`/api/jobs/${missingJob}`, { headers: auth })).json()) as { state: string; attempts: number; error: string };
    expect(job).toMatchObject({ state: 'failed', attempts: 1 });
    expect(job.error).toBe(`The stored file of media ${second!.id} is missing; upload it again.`);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  } finally {
    worker.child.kill('SIGKILL');
  }

  // deleting the media deletes its objects before the answer
  expect((await server.fetch(`/api/media/${media!.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
  expect(await objectExists(`verbatim/${sha.slice(0, 2)}/${sha}`)).toBe(false);
  expect(await objectExists(`verbatim/${sha.slice(0, 2)}/${sha}.peaks.dat`)).toBe(false);

  // the store goes away: an upload is refused with 503, nothing kept, and the server answers on
  await s3.close();
  const refused = await upload(readFileSync(join(BUNDLE, 'fixtures', 'utt2.wav')), 'utt2.wav');
  expect(await errorOf(refused)).toMatchObject({ status: 503, code: 'storage-unavailable' });
  expect(readdirSync(join(server.config.dataDir, 'media', 'tmp'))).toEqual([]);
  const list = (await (await server.fetch(`/api/projects/${project.id}/media`, { headers: auth })).json()) as { media: unknown[] };
  expect(list.media).toHaveLength(1);
}, 240_000);

it('a worker whose bucket does not exist says so in one line and exits 5', async () => {
  const empty = await startTestS3Server([]);
  try {
    const worker = startWorkerChild(['--data-dir', join(dir, 'lonely'), '--media-store', 's3://no-such-bucket/x', '--s3-endpoint', empty.endpoint, '--model-dir', BUNDLE, '--plugin-dirs', '']);
    expect(await worker.exited).toEqual({ code: 5, signal: null });
    expect(worker.stderr().trim()).toBe(`verbatim: cannot use the media store s3://no-such-bucket/x/ at ${empty.endpoint}: the bucket "no-such-bucket" does not exist`);
  } finally {
    await empty.close();
  }
}, 60_000);

let refusing: TestS3Server | undefined;
const s3Endpoint = () => refusing!.endpoint;
beforeAll(async () => {
  refusing = await startTestS3Server(['media']);
});
afterAll(async () => {
  await refusing?.close();
});

it('a server whose credentials the store refuses says so in one line, without the secret, and exits 5', async () => {
  const started = startServerChild(
    ['--port', '0', '--data-dir', join(dir, 'refused'), '--media-store', 's3://media/verbatim', '--s3-endpoint', s3Endpoint(), '--model-dir', BUNDLE, '--plugin-dirs', ''],
    { AWS_ACCESS_KEY_ID: 'WRONG', AWS_SECRET_ACCESS_KEY: 'secret-never-shown' },
  );
  const error = (await started.then(() => new Error('the server started'), (e: unknown) => e)) as Error;
  expect(error.message).toContain('the server exited (5) before listening');
  const lines = error.message.split('\n').filter((line) => line.startsWith('verbatim:'));
  expect(lines).toEqual([`verbatim: cannot use the media store s3://media/verbatim/ at ${s3Endpoint()}: the credentials were refused (HTTP 403)`]);
  expect(error.message).not.toContain('secret-never-shown');
}, 120_000);
