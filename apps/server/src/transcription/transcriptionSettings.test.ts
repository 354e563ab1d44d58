// A project's transcription settings against a real server and the real model: the defaults, who may change them,
// refusals, and that a job queued after a change transcribes with them (punctuation and speakers on or off) while the
// timings stay the recogniser's.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../auth/ProjectStore.ts';
import type { Job } from '../queue/Job.ts';
import { bearer, createRoleProject, errorOf, startTestServer, type ProjectCaller, type TestServer, type TestUser } from '../../test/testServer.ts';

const BUNDLE = process.env['VERBATIM_BUNDLE'] ?? resolve(import.meta.dirname, '../../../../models/verbatim-en-char-v1');

let server: TestServer;
let fixtures: string;
let project: Project;
let users: Record<ProjectCaller, TestUser>;
let mediaId: string;

beforeAll(async () => {
  fixtures = mkdtempSync(join(tmpdir(), 'vwb-tsettings-'));
  execFileSync('nice', ['-n', '19', 'espeak-ng', '-w', join(fixtures, 'speech.wav'), 'hello world this is a test. where do you live? i live in the city.']);
  server = await startTestServer({ modelDir: BUNDLE, workers: 1 });
  ({ project, users } = await createRoleProject(server));
  const form = new FormData();
  form.append('file', new Blob([readFileSync(join(fixtures, 'speech.wav'))]), 'speech.wav');
  const upload = await server.fetch(`/api/projects/${project.id}/media`, { method: 'POST', headers: { authorization: `Bearer ${users.editor.token}` }, body: form });
  expect(upload.status, await upload.clone().text()).toBe(201);
  mediaId = ((await upload.json()) as { media: { id: string }[] }).media[0]!.id;
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (fixtures !== undefined) rmSync(fixtures, { recursive: true, force: true });
});

const path = () => `/api/projects/${project.id}/transcription-settings`;
const put = (user: TestUser, body: unknown) => server.fetch(path(), { method: 'PUT', headers: bearer(user.token), body: JSON.stringify(body) });

async function transcribe(): Promise<{ job: Job; turns: { speaker?: string; words: { text: string; start: number; end: number; confidence: number }[] }[] }> {
  const queued = await server.fetch(`/api/projects/${project.id}/jobs`, { method: 'POST', headers: bearer(users.editor.token), body: JSON.stringify({ mediaId, lm: 'off' }) });
  expect(queued.status, await queued.clone().text()).toBe(202);
  let job = (await queued.json()) as Job;
  while (job.state === 'queued' || job.state === 'running') {
    await new Promise<void>((r) => setImmediate(r));
    job = (await (await server.fetch(`/api/jobs/${job.id}`, { headers: bearer(users.editor.token) })).json()) as Job;
  }
  expect(job.state, job.error ?? '').toBe('succeeded');
  const transcriptId = (job.result as { transcriptId: string }).transcriptId;
  const transcript = (await (await server.fetch(`/api/transcripts/${transcriptId}`, { headers: bearer(users.viewer.token) })).json()) as { turns: never };
  return { job, turns: transcript.turns };
}

describe('project transcription settings', () => {
  it('start from punctuation on and speakers auto; any member reads them', async () => {
    for (const who of ['owner', 'editor', 'reviewer', 'viewer'] as const) {
      const r = await server.fetch(path(), { headers: bearer(users[who].token) });
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ punctuate: true, speakers: 'auto' });
    }
    expect((await server.fetch(path(), { headers: bearer(users.stranger.token) })).status).toBe(404);
  });

  it('are changed by editors and owners only, and refuse values that mean nothing', async () => {
    expect((await put(users.viewer, { punctuate: false })).status).toBe(403);
    expect((await put(users.reviewer, { punctuate: false })).status).toBe(403);
    for (const bad of [{ speakers: 0 }, { speakers: -1 }, { speakers: 17 }, { speakers: 2.5 }, { speakers: 'many' }, { punctuate: 'yes' }, {}, { colour: 'red' }]) {
      const r = await put(users.editor, bad);
      expect([400, 422], JSON.stringify(bad)).toContain(r.status);
      expect((await errorOf(r)).message.length).toBeGreaterThan(0);
    }
    const r = await put(users.editor, { speakers: 3 });
    expect(await r.json()).toEqual({ punctuate: true, speakers: 3 });
  });

  it("carry into the jobs queued after a change: off means the recogniser's spoken form, on adds marks and capitals at the same timings", async () => {
    await put(users.owner, { punctuate: false, speakers: 'off' });
    const plain = await transcribe();
    expect(plain.job.payload).toMatchObject({ punctuate: false, speakers: 'off' });
    const plainWords = plain.turns.flatMap((t) => t.words);
    expect(plainWords.length).toBeGreaterThan(3);
    for (const w of plainWords) expect(w.text).toMatch(/^[a-z']+$/u);

    await put(users.owner, { punctuate: true, speakers: 'auto' });
    const written = await transcribe();
    // the defaults go without saying
    expect(written.job.payload).not.toHaveProperty('punctuate');
    expect(written.job.payload).not.toHaveProperty('speakers');
    const words = written.turns.flatMap((t) => t.words);
    expect(words.map((w) => [w.text.toLowerCase().replace(/[.,?!]$/u, ''), w.start, w.end, w.confidence])).toEqual(plainWords.map((w) => [w.text, w.start, w.end, w.confidence]));
    expect(words[0]!.text).toMatch(/^[A-Z]/u);
    expect(words.some((w) => /[.?!]$/u.test(w.text))).toBe(true);
    for (const t of written.turns) expect(t.speaker).toMatch(/^Speaker \d+$/u);
  }, 120_000);
});
