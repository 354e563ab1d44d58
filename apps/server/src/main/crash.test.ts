// A crash never loses or duplicates a job: the real server process is killed with SIGKILL while it works through 20
// transcription jobs, started again on the same data directory, and every job ends succeeded with one transcript.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Job } from '../queue/Job.ts';
import { startServerChild, type ServerChild } from './serverProcess.ts';

const BUNDLE = process.env['VERBATIM_BUNDLE'] ?? resolve(import.meta.dirname, '../../../../models/verbatim-en-char-v1');
const JOBS = 20;

let dir: string;
const children: ServerChild[] = [];

beforeAll(() => {
  expect(existsSync(join(BUNDLE, 'model.json')), `no model bundle at ${BUNDLE}: set VERBATIM_BUNDLE`).toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'vwb-crash-'));
  execFileSync('nice', ['-n', '19', 'espeak-ng', '-w', join(dir, 'speech.wav'), 'hello world.']);
});

afterAll(async () => {
  for (const { child, exited } of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  }
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<ServerChild> {
  const server = await startServerChild(['--port', '0', '--data-dir', join(dir, 'data'), '--model-dir', BUNDLE, '--workers', '1']);
  children.push(server);
  return server;
}

async function call(server: ServerChild, token: string, method: string, path: string, body?: FormData | object): Promise<Response> {
  const json = body !== undefined && !(body instanceof FormData);
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
    ...(body === undefined ? {} : { body: json ? JSON.stringify(body) : (body as FormData) }),
  });
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response;
}

async function listJobs(server: ServerChild, token: string, projectId: string): Promise<Job[]> {
  const response = await call(server, token, 'GET', `/api/projects/${projectId}/jobs`);
  return ((await response.json()) as { jobs: Job[] }).jobs;
}

/** Polls the project's jobs until `done` holds for them. */
async function waitForJobs(server: ServerChild, token: string, projectId: string, done: (jobs: Job[]) => boolean, timeoutMs: number): Promise<Job[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await listJobs(server, token, projectId);
    if (done(jobs)) return jobs;
    if (Date.now() > deadline) throw new Error(`jobs did not get there in ${timeoutMs} ms: ${JSON.stringify(jobs.map((j) => [j.state, j.attempts, j.error]))}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

it('finishes all 20 jobs exactly once after a kill -9 in the middle', async () => {
  const first = await start();
  const credentials = /email: +(\S+)\n +password: +(\S+)\n/.exec(first.stdout());
  expect(credentials, first.stdout()).not.toBeNull();
  const login = await fetch(`${first.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: credentials![1], password: credentials![2] }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('verbatim_session='))!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  // the printed password is a one-time password: it opens nothing but its own change
  const changed = await fetch(`${first.url}/api/me/password`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ currentPassword: credentials![2], newPassword: `${credentials![2]} made my own` }),
  });
  expect(changed.status, await changed.clone().text()).toBe(204);
  // the admin's API token outlives the process, as a script's would
  const created = await fetch(`${first.url}/api/tokens`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'crash test' }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const { token } = (await created.json()) as { token: string };

  const project = (await (await call(first, token, 'POST', '/api/projects', { name: 'Crash' })).json()) as { id: string };
  const form = new FormData();
  form.append('file', new Blob([readFileSync(join(dir, 'speech.wav'))]), 'hello.wav');
  const upload = (await (await call(first, token, 'POST', `/api/projects/${project.id}/media`, form)).json()) as { media: { id: string }[] };
  const mediaId = upload.media[0]!.id;
  const ids: string[] = [];
  for (let i = 0; i < JOBS; i++) ids.push(((await (await call(first, token, 'POST', `/api/projects/${project.id}/jobs`, { mediaId })).json()) as Job).id);

  // some done, some not: the crash lands in the middle of the work
  const before = await waitForJobs(first, token, project.id, (jobs) => jobs.filter((j) => j.state === 'succeeded').length >= 3, 40_000);
  first.child.kill('SIGKILL');
  expect(await first.exited).toBe('SIGKILL');
  expect(before.filter((j) => j.state === 'succeeded').length).toBeLessThan(JOBS);

  const second = await start();
  const after = await waitForJobs(second, token, project.id, (jobs) => jobs.length === JOBS && jobs.every((j) => j.state !== 'queued' && j.state !== 'running'), 60_000);
  expect(after.map((j) => j.id).sort()).toEqual([...ids].sort());
  expect(after.map((j) => j.state)).toEqual(Array(JOBS).fill('succeeded'));
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);

  const db = new Database(join(dir, 'data', 'verbatim.db'), { readonly: true });
  try {
    const links = db.prepare('SELECT job_id AS jobId, transcript_id AS transcriptId FROM transcript_jobs').all() as { jobId: string; transcriptId: string }[];
    expect(links.map((l) => l.jobId).sort()).toEqual([...ids].sort());
    expect(new Set(links.map((l) => l.transcriptId)).size).toBe(JOBS);
    expect(db.prepare('SELECT COUNT(*) AS n FROM transcripts').get()).toEqual({ n: JOBS });
  } finally {
    db.close();
  }
}, 300_000);
