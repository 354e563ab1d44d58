// The transcription round trip against a real server, real SQLite file and the real model: upload an espeak-ng WAV,
// queue a job, follow its events, read and export the transcript, edit its document and export again.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Project } from '../../auth/ProjectStore.ts';
import type { Job } from '../../queue/Job.ts';
import { JobQueue } from '../../queue/JobQueue.ts';
import { TRANSCRIPT_ROOT } from '@verbatim/core/document';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import { bearer, errorOf, startTestServer, type TestServer, type TestUser } from '../../../test/testServer.ts';

const BUNDLE = process.env['VERBATIM_BUNDLE'] ?? resolve(import.meta.dirname, '../../../../../models/verbatim-en-char-v1');

let server: TestServer;
let fixtures: string;
let owner: TestUser;
let editor: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let project: Project;
let mediaId: string;

beforeAll(async () => {
  expect(existsSync(join(BUNDLE, 'model.json')), `no model bundle at ${BUNDLE}: set VERBATIM_BUNDLE`).toBe(true);
  fixtures = mkdtempSync(join(tmpdir(), 'vwb-jobs-'));
  execFileSync('nice', ['-n', '19', 'espeak-ng', '-w', join(fixtures, 'speech.wav'), 'hello world, this is a test.']);
  server = await startTestServer({ modelDir: BUNDLE, workers: 1 });
  owner = await server.createUser('owner');
  editor = await server.createUser('editor');
  viewer = await server.createUser('viewer');
  stranger = await server.createUser('stranger');
  project = server.projects.createProject('Interviews', owner.user.id);
  server.projects.addMember(project.id, editor.user.id, 'editor');
  server.projects.addMember(project.id, viewer.user.id, 'viewer');
  const form = new FormData();
  form.append('file', new Blob([readFileSync(join(fixtures, 'speech.wav'))]), 'hello world.wav');
  const upload = await server.fetch(`/api/projects/${project.id}/media`, { method: 'POST', headers: { authorization: `Bearer ${editor.token}` }, body: form });
  expect(upload.status, await upload.clone().text()).toBe(201);
  mediaId = ((await upload.json()) as { media: { id: string }[] }).media[0]!.id;
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (fixtures !== undefined) rmSync(fixtures, { recursive: true, force: true });
});

function get(user: TestUser, path: string): Promise<Response> {
  return server.fetch(path, { headers: bearer(user.token) });
}

function post(user: TestUser, path: string, body?: unknown): Promise<Response> {
  return server.fetch(path, { method: 'POST', headers: bearer(user.token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

/** Opens a job's event stream (subscribed once this resolves). */
async function openEvents(user: TestUser, jobId: string): Promise<Response> {
  const response = await get(user, `/api/jobs/${jobId}/events`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return response;
}

/** Every `event: job` of a job's event stream, until the server ends it. */
async function followEvents(user: TestUser, jobId: string): Promise<Job[]> {
  return readEvents(await openEvents(user, jobId));
}

async function readEvents(response: Response): Promise<Job[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((message) => message.startsWith('event: job\n'))
    .map((message) => JSON.parse(message.slice(message.indexOf('data: ') + 6)) as Job);
}

describe('transcription round trip', () => {
  let job: Job;
  let transcriptId: string;

  it('queues a job for an upload and streams its progress until it succeeds', async () => {
    const created = await post(editor, `/api/projects/${project.id}/jobs`, { mediaId });
    expect(created.status, await created.clone().text()).toBe(202);
    job = (await created.json()) as Job;
    expect(job).toMatchObject({ projectId: project.id, kind: 'transcribe', payload: { mediaId } });
    expect(created.headers.get('location')).toBe(`/api/jobs/${job.id}`);

    const events = await followEvents(viewer, job.id);
    const last = events.at(-1)!;
    expect(last.state, JSON.stringify(last)).toBe('succeeded');
    expect(last.progress).toBe(1);
    expect(events.every((event) => event.id === job.id)).toBe(true);
    transcriptId = (last.result as { transcriptId: string }).transcriptId;
    expect(typeof transcriptId).toBe('string');

    const again = await followEvents(viewer, job.id);
    expect(again.map((event) => event.state)).toEqual(['succeeded']);
    const listed = (await (await get(viewer, `/api/projects/${project.id}/jobs`)).json()) as { jobs: Job[] };
    expect(listed.jobs.map((j) => j.id)).toContain(job.id);
  }, 120_000);

  it('lists and reads the transcript with its provenance and current words', async () => {
    const list = (await (await get(viewer, `/api/projects/${project.id}/transcripts`)).json()) as { transcripts: { id: string; mediaId: string }[] };
    expect(list.transcripts).toEqual([expect.objectContaining({ id: transcriptId, mediaId })]);
    const response = await get(viewer, `/api/transcripts/${transcriptId}`);
    expect(response.status).toBe(200);
    const transcript = (await response.json()) as { model: { id: string; sha256: string }; turns: { words: { text: string; start: number; end: number }[] }[] };
    const model = JSON.parse(readFileSync(join(BUNDLE, 'model.json'), 'utf8')) as { id: string; sha256?: string };
    expect(transcript.model.id).toBe(model.id);
    expect(transcript.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    // the bundle was installed into the model store at start: the transcript names the installed package, whose
    // model file is the bundle's; the job's result says the same
    const installed = (await (await get(viewer, '/api/models')).json()) as { models: { id: string; version: string; sha256: string; modelSha256: string }[] };
    const used = installed.models.find((m) => m.sha256 === transcript.model.sha256);
    expect(used).toMatchObject({ id: model.id });
    if (model.sha256 !== undefined) expect(used!.modelSha256).toBe(model.sha256);
    expect(((await (await get(viewer, `/api/jobs/${job.id}`)).json()) as Job).result).toMatchObject({ model: { id: model.id, version: used!.version, sha256: used!.sha256 } });
    // what the recogniser heard depends on the model; that the document holds exactly its words does not
    const words = transcript.turns.flatMap((turn) => turn.words);
    expect(words.length).toBeGreaterThan(0);
    const original = new TranscriptStore(server.db).originalSegments(transcriptId)!.flatMap((segment) => segment.words);
    expect(words.map((w) => [w.text, w.start, w.end])).toEqual(original.map((w) => [w.text, w.start, w.end]));
    for (const word of words) expect(word.end).toBeGreaterThanOrEqual(word.start);
  });

  it('reads the record alone with ?turns=0 (the editor syncs the words itself), and refuses other values', async () => {
    const bare = (await (await get(viewer, `/api/transcripts/${transcriptId}?turns=0`)).json()) as Record<string, unknown>;
    expect(bare['id']).toBe(transcriptId);
    expect(bare).not.toHaveProperty('turns');
    expect((await get(viewer, `/api/transcripts/${transcriptId}?turns=yes`)).status).toBe(400);
  });

  it('exports SRT and JSON from the current document, and shows an edit made through the document store', async () => {
    const srt = await get(viewer, `/api/transcripts/${transcriptId}/export?format=srt`);
    expect(srt.status).toBe(200);
    expect(srt.headers.get('content-type')).toBe('application/x-subrip; charset=utf-8');
    expect(srt.headers.get('content-disposition')).toBe(`attachment; filename="hello world.srt"; filename*=UTF-8''hello%20world.srt`);
    const before = await srt.text();
    expect(before).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n/);

    const json = await get(viewer, `/api/transcripts/${transcriptId}/export?format=json`);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const exported = (await json.json()) as { format: string; words: { text: string }[]; model: { id: string } };
    expect(exported.format).toBe('verbatim-transcript');
    expect(exported.words.length).toBeGreaterThan(0);

    // a correction as an editor would make it: a new word typed at the start of the first paragraph
    const documents = new DocumentStore(server.db);
    const doc = documents.load(transcriptId);
    const stateBefore = Y.encodeStateVector(doc);
    const first = (doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as { insert: Y.XmlText }[])[0]!.insert;
    first.insert(0, 'Zebrafish ', {});
    documents.append(transcriptId, Y.encodeStateAsUpdate(doc, stateBefore));
    doc.destroy();

    const after = await (await get(viewer, `/api/transcripts/${transcriptId}/export?format=srt`)).text();
    expect(before).not.toContain('Zebrafish');
    expect(after).toContain('Zebrafish');
    const txt = await get(viewer, `/api/transcripts/${transcriptId}/export?format=txt`);
    expect(txt.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await txt.text()).toMatch(/Zebrafish/);
    const docx = await get(viewer, `/api/transcripts/${transcriptId}/export?format=docx`);
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(new Uint8Array(await docx.arrayBuffer()).subarray(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    const words = ((await (await get(viewer, `/api/transcripts/${transcriptId}`)).json()) as { turns: { words: { text: string; origin: string }[] }[] }).turns[0]!.words;
    expect(words[0]).toMatchObject({ text: 'Zebrafish', origin: 'human' });

    const search = await get(viewer, `/api/projects/${project.id}/search?q=ZEBRA`);
    expect(search.status).toBe(200);
    const found = (await search.json()) as { hits: { transcriptId: string; snippet: string }[] };
    expect(found.hits).toHaveLength(1);
    expect(found.hits[0]).toMatchObject({ transcriptId });
    expect(found.hits[0]!.snippet).toMatch(/^Zebrafish /);
    const none = (await (await get(viewer, `/api/projects/${project.id}/search?q=quokka`)).json()) as { hits: unknown[] };
    expect(none.hits).toEqual([]);
  });

  it('refuses an unknown export format and an empty search', async () => {
    expect(await errorOf(await get(viewer, `/api/transcripts/${transcriptId}/export?format=pdf`))).toMatchObject({ status: 400, code: 'invalid-format' });
    expect(await errorOf(await get(viewer, `/api/projects/${project.id}/search?q=`))).toMatchObject({ status: 400, code: 'invalid-query' });
  });

  it('hides jobs and transcripts from people outside the project', async () => {
    for (const path of [`/api/jobs/${job.id}`, `/api/jobs/${job.id}/events`, `/api/transcripts/${transcriptId}`, `/api/transcripts/${transcriptId}/export?format=srt`]) {
      const response = await get(stranger, path);
      expect(response.status, path).toBe(404);
    }
    for (const path of [`/api/projects/${project.id}/jobs`, `/api/projects/${project.id}/transcripts`, `/api/projects/${project.id}/search?q=hello`]) {
      expect((await errorOf(await get(stranger, path))).code, path).toBe('project-not-found');
    }
    expect((await errorOf(await post(stranger, `/api/projects/${project.id}/jobs`, { mediaId }))).status).toBe(404);
    expect((await errorOf(await post(stranger, `/api/jobs/${job.id}/cancel`))).code).toBe('job-not-found');
    expect((await server.fetch(`/api/jobs/${job.id}`)).status).toBe(401);
  });
});

describe('job requests that are refused', () => {
  it('does not let a viewer create or cancel jobs', async () => {
    expect(await errorOf(await post(viewer, `/api/projects/${project.id}/jobs`, { mediaId }))).toMatchObject({ status: 403, code: 'insufficient-role' });
    const queue = new JobQueue(server.db);
    const waiting = queue.enqueue({ projectId: project.id, kind: 'transcribe', payload: { mediaId }, runAfter: Date.now() + 3_600_000 });
    expect(await errorOf(await post(viewer, `/api/jobs/${waiting.id}/cancel`))).toMatchObject({ status: 403, code: 'insufficient-role' });
    queue.dispose();
  });

  it('answers 404 for media that is unknown or in another project, and 422 for a bad body', async () => {
    const unknown = crypto.randomUUID();
    expect(await errorOf(await post(editor, `/api/projects/${project.id}/jobs`, { mediaId: unknown }))).toMatchObject({ status: 404, code: 'media-not-found' });
    const other = server.projects.createProject('Other', editor.user.id);
    expect(await errorOf(await post(editor, `/api/projects/${other.id}/jobs`, { mediaId }))).toMatchObject({ status: 404, code: 'media-not-found' });
    expect(await errorOf(await post(editor, `/api/projects/${project.id}/jobs`, { mediaId: 'x' }))).toMatchObject({ status: 422, code: 'invalid-body' });
    expect(await errorOf(await get(editor, `/api/jobs/${unknown}`))).toMatchObject({ status: 404, code: 'job-not-found' });
    expect(await errorOf(await get(editor, `/api/transcripts/${unknown}`))).toMatchObject({ status: 404, code: 'transcript-not-found' });
    expect(await errorOf(await get(editor, `/api/projects/${project.id}/jobs?state=done`))).toMatchObject({ status: 400, code: 'invalid-query' });
  });

  it('cancels a queued job at once and ends its event stream', async () => {
    const queue = new JobQueue(server.db);
    const waiting = queue.enqueue({ projectId: project.id, kind: 'transcribe', payload: { mediaId }, runAfter: Date.now() + 3_600_000 });
    queue.dispose();
    const stream = await openEvents(viewer, waiting.id);
    const cancelled = await post(editor, `/api/jobs/${waiting.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as Job).state).toBe('cancelled');
    expect((await readEvents(stream)).map((event) => event.state)).toEqual(['queued', 'cancelled']);
    const again = await post(editor, `/api/jobs/${waiting.id}/cancel`);
    expect(((await again.json()) as Job).state).toBe('cancelled');
  });
});
