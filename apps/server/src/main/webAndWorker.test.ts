// The processes of a deployment past one machine, on one database (the SQLite file of one data directory, or
// PostgreSQL under VERBATIM_TEST_DATABASE=postgres): a web process with --workers 0 takes the upload and the job, a
// `verbatim-server worker` process does it, with the media in a --media-dir both use.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/testServer.ts';
import { startWorkerChild } from './workerProcess.ts';

const BUNDLE = resolve(import.meta.dirname, '../../../../models/verbatim-en-char-v1');

let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-web-worker-'));
  mkdirSync(join(dir, 'media'));
  server = await startTestServer({ workers: 0, modelDir: BUNDLE, mediaDir: join(dir, 'media'), pluginDirs: [] });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a web process without workers takes the upload and the job, and a worker process transcribes it', async () => {
  const owner = await server.createUser('owner');
  const project = server.projects.createProject('Interviews', owner.user.id);
  const auth = { authorization: `Bearer ${owner.token}` };
  const form = new FormData();
  form.append('file', new Blob([readFileSync(join(BUNDLE, 'fixtures', 'utt0.wav'))]), 'utt0.wav');
  const uploaded = await server.fetch(`/api/projects/${project.id}/media`, { method: 'POST', headers: auth, body: form });
  expect(uploaded.status, await uploaded.clone().text()).toBe(201);
  const [media] = ((await uploaded.json()) as { media: { id: string }[] }).media;
  const created = await server.fetch(`/api/projects/${project.id}/jobs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ mediaId: media!.id }) });
  expect(created.status, await created.clone().text()).toBe(202);
  const job = (await created.json()) as { id: string; state: string };
  expect(job.state).toBe('queued');

  // the server's database: its SQLite file, or its PostgreSQL database under VERBATIM_TEST_DATABASE=postgres
  const database = server.config.database === undefined ? [] : ['--database', server.config.database];
  const worker = startWorkerChild(['--data-dir', server.config.dataDir, ...database, '--media-dir', join(dir, 'media'), '--model-dir', BUNDLE, '--plugin-dirs', '']);
  try {
    const ended = await worker.waitFor((line) => line.jobId === job.id && line.msg?.startsWith('job ') === true && line.msg !== 'job started');
    expect(ended.msg).toBe('job succeeded');
    // the web process reads what the worker wrote
    const read = (await (await server.fetch(`/api/jobs/${job.id}`, { headers: auth })).json()) as { state: string; result: { transcriptId: string } };
    expect(read, JSON.stringify(read)).toMatchObject({ state: 'succeeded' });
    const transcript = await server.fetch(`/api/transcripts/${read.result.transcriptId}`, { headers: auth });
    expect(transcript.status).toBe(200);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  } finally {
    worker.child.kill('SIGKILL');
  }
}, 240_000);
