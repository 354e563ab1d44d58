// Plugins in transcription jobs, end to end: a real server with the real model (VERBATIM_BUNDLE, default the shipped
// bundle), real plugin packages in a temporary plugin directory, each run in its own worker thread by the host.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../auth/ProjectStore.ts';
import type { ServerConfig } from '../config/ServerConfig.ts';
import { bearer, startTestServer, type TestServer, type TestUser } from '../http/testServer.ts';
import type { Job } from '../queue/Job.ts';
import { TranscriptDetailResponse } from '../http/schemas/transcriptSchemas.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { PluginChangeListResponse } from './pluginSchemas.ts';
import { appendingPlugin, createTestPluginDir, hangingPlugin, testPluginPackage, type TestPluginDir } from './pluginTestFixtures.ts';

const BUNDLE = process.env['VERBATIM_BUNDLE'] ?? resolve(import.meta.dirname, '../../../../models/verbatim-en-char-v1');

let plugins: TestPluginDir;
let speech: Uint8Array;
let marker: string;

beforeAll(() => {
  expect(existsSync(join(BUNDLE, 'model.json')), `no model bundle at ${BUNDLE}: set VERBATIM_BUNDLE`).toBe(true);
  plugins = createTestPluginDir();
  marker = join(plugins.dir, 'tag-deactivated');
  // "tag" boosts a word and appends "verbatim plugin" (one word holding a space) to whatever was heard
  plugins.write(
    'tag',
    testPluginPackage('tag', '1.2.3', {
      vocabularies: [{ id: 'tag.words', title: 'Tag words', path: 'terms.json', domainText: 'sentences.txt' }],
      postProcessors: [{ id: 'tag.append', title: 'Append a tag' }],
    }),
    {
      'index.js': appendingPlugin('tag.append', 'verbatim plugin', marker),
      'terms.json': JSON.stringify([{ phrase: 'verbatim', displayAs: 'Verbatim' }]),
      'sentences.txt': 'this is a test of verbatim\n',
    },
  );
  // "words" only contributes a vocabulary: no code, yet it touched the transcript
  plugins.write('words', testPluginPackage('words', '0.1.0', { vocabularies: [{ id: 'words.list', title: 'Words', path: 'words.json' }] }, { main: undefined }), {
    'words.json': JSON.stringify([{ phrase: 'hello world' }]),
  });
  plugins.write('hang', testPluginPackage('hang', '2.0.0', { postProcessors: [{ id: 'hang.forever', title: 'Never returns' }] }), { 'index.js': hangingPlugin('hang.forever') });
  const wav = join(plugins.dir, 'speech.wav');
  execFileSync('nice', ['-n', '19', 'espeak-ng', '-w', wav, 'hello world, this is a test.']);
  speech = new Uint8Array(readFileSync(wav));
});

afterAll(() => plugins?.remove());

interface Setup {
  server: TestServer;
  owner: TestUser;
  project: Project;
  mediaId: string;
}

async function setUp(overrides: Partial<ServerConfig>): Promise<Setup> {
  const server = await startTestServer({ modelDir: BUNDLE, pluginDirs: [plugins.dir], pluginTimeoutMs: 1000, ...overrides });
  const owner = await server.createUser('owner');
  const project = server.projects.createProject('Plugins', owner.user.id);
  const form = new FormData();
  form.append('file', new Blob([speech as Uint8Array<ArrayBuffer>]), 'speech.wav');
  const upload = await server.fetch(`/api/projects/${project.id}/media`, { method: 'POST', headers: { authorization: `Bearer ${owner.token}` }, body: form });
  expect(upload.status, await upload.clone().text()).toBe(201);
  return { server, owner, project, mediaId: ((await upload.json()) as { media: { id: string }[] }).media[0]!.id };
}

async function call<T>(t: Setup, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await t.server.fetch(path, { method, headers: bearer(t.owner.token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, body: (response.status === 204 ? undefined : await response.json()) as T };
}

async function enable(t: Setup, ...ids: string[]): Promise<void> {
  for (const id of ids) expect((await call(t, 'PUT', `/api/projects/${t.project.id}/plugins/${id}`)).status).toBe(201);
}

/** Queues a transcription of the upload and waits for it to end. */
async function transcribe(t: Setup): Promise<Job> {
  const created = await call<Job>(t, 'POST', `/api/projects/${t.project.id}/jobs`, { mediaId: t.mediaId });
  expect(created.status).toBe(202);
  for (;;) {
    const { body: job } = await call<Job>(t, 'GET', `/api/jobs/${created.body.id}`);
    if (['succeeded', 'failed', 'cancelled'].includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface TranscriptBody {
  plugins: { id: string; version: string }[];
  turns: { words: { text: string; origin: string }[] }[];
}

describe('a job of a project with plugins enabled (errors skipped)', () => {
  let t: Setup;
  beforeAll(async () => {
    t = await setUp({ pluginErrors: 'skip' });
  }, 60_000);
  afterAll(() => t?.server.close());

  it('boosts their vocabularies, runs their post-processors and records provenance and changes', async () => {
    await enable(t, 'tag', 'words');
    const job = await transcribe(t);
    expect(job.state, job.error ?? '').toBe('succeeded');
    const transcriptId = (job.result as { transcriptId: string }).transcriptId;

    const transcript = (await call<TranscriptBody>(t, 'GET', `/api/transcripts/${transcriptId}`)).body;
    expect(TranscriptDetailResponse.safeParse(transcript).error?.issues ?? []).toEqual([]);
    expect(transcript.plugins).toEqual([{ id: 'tag', version: '1.2.3' }, { id: 'words', version: '0.1.0' }]);
    const words = transcript.turns.flatMap((turn) => turn.words);
    // the plugin's word holds a space: it becomes two words of the document, both the plugin's
    expect(words.slice(-2)).toEqual([expect.objectContaining({ text: 'verbatim', origin: 'plugin:tag' }), expect.objectContaining({ text: 'plugin', origin: 'plugin:tag' })]);
    expect(words.slice(0, -2).every((w) => w.origin === 'asr')).toBe(true);

    // the original words stay the recogniser's
    const original = new TranscriptStore(t.server.db).originalSegments(transcriptId)!.flatMap((s) => s.words);
    expect(original.map((w) => w.text)).toEqual(words.slice(0, -2).map((w) => w.text));

    const n = original.length;
    const changes = (await call(t, 'GET', `/api/transcripts/${transcriptId}/plugin-changes`)).body;
    expect(PluginChangeListResponse.safeParse(changes).error?.issues ?? []).toEqual([]);
    expect(changes).toEqual({
      changes: [{ pluginId: 'tag', processorId: 'tag.append', before: '', after: 'verbatim plugin', from: n, fromEnd: n, to: n, toEnd: n + 1 }],
    });

    const exported = await t.server.fetch(`/api/transcripts/${transcriptId}/export?format=json`, { headers: bearer(t.owner.token) });
    expect(((await exported.json()) as { plugins: unknown }).plugins).toEqual([{ id: 'tag', version: '1.2.3' }, { id: 'words', version: '0.1.0' }]);
    expect(t.server.logs.find((log) => log.message === 'transcribing with plugins')?.fields).toMatchObject({ jobId: job.id, plugins: ['tag', 'words'], pluginVocabularyEntries: 2 });
  }, 120_000);

  it('leaves out a plugin that hangs, logs it with the job id, and stays up', async () => {
    await enable(t, 'hang');
    const job = await transcribe(t);
    expect(job.state, job.error ?? '').toBe('succeeded');
    const transcriptId = (job.result as { transcriptId: string }).transcriptId;
    const transcript = (await call<TranscriptBody>(t, 'GET', `/api/transcripts/${transcriptId}`)).body;
    expect(transcript.plugins.map((p) => p.id)).toEqual(['tag', 'words']);
    expect(transcript.turns.flatMap((turn) => turn.words).at(-1)).toMatchObject({ text: 'plugin', origin: 'plugin:tag' });
    const skipped = t.server.logs.find((log) => log.message.startsWith('plugin skipped:') && log.fields['jobId'] === job.id);
    expect(skipped?.fields).toMatchObject({ pluginId: 'hang', code: 'timeout' });
    expect(skipped?.message).toMatch(/"hang"/);
    expect((await t.server.fetch('/healthz')).status).toBe(200);
  }, 120_000);

  it('waits for the plugins to deactivate when it shuts down', async () => {
    expect(existsSync(marker)).toBe(false);
    await t.server.close();
    expect(readFileSync(marker, 'utf8')).toBe('deactivated');
  }, 30_000);
});

describe('a job of a project with plugins enabled (errors fail the job)', () => {
  let t: Setup;
  beforeAll(async () => {
    t = await setUp({ pluginErrors: 'fail' });
  }, 60_000);
  afterAll(() => t?.server.close());

  it('fails at once with a message naming the plugin that hung', async () => {
    await enable(t, 'hang', 'tag');
    const job = await transcribe(t);
    expect(job).toMatchObject({ state: 'failed', attempts: 1 });
    expect(job.error).toMatch(/Plugin "hang"/);
    expect(job.error).toMatch(/1000 ms/);
    expect((await call<{ transcripts: unknown[] }>(t, 'GET', `/api/projects/${t.project.id}/transcripts`)).body.transcripts).toEqual([]);
  }, 120_000);
});
