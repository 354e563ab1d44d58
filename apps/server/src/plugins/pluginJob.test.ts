// Plugins in transcription jobs, end to end: a real server with the real model (VERBATIM_BUNDLE, default the shipped
// bundle), real plugin packages in a temporary plugin directory, each run in its own sandbox by the host, hostile
// plugins among them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../auth/ProjectStore.ts';
import type { ServerConfig } from '../config/ServerConfig.ts';
import { bearer, startTestServer, type TestServer, type TestUser } from '../../test/testServer.ts';
import type { Job } from '../queue/Job.ts';
import { TranscriptDetailResponse } from '../http/schemas/transcriptSchemas.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { PluginChangeListResponse } from './pluginSchemas.ts';
import { appendingPlugin, createTestPluginDir, hangingPlugin, testPluginPackage, type TestPluginDir } from '../../test/pluginTestFixtures.ts';

const BUNDLE = process.env['VERBATIM_BUNDLE'] ?? resolve(import.meta.dirname, '../../../../models/verbatim-en-char-v1');

let plugins: TestPluginDir;
let speech: Uint8Array;

beforeAll(() => {
  expect(existsSync(join(BUNDLE, 'model.json')), `no model bundle at ${BUNDLE}: set VERBATIM_BUNDLE`).toBe(true);
  plugins = createTestPluginDir();
  // "tag" boosts a word and appends "verbatim plugin" (one word holding a space) to whatever was heard
  plugins.write(
    'tag',
    testPluginPackage('tag', '1.2.3', {
      vocabularies: [{ id: 'tag.words', title: 'Tag words', path: 'terms.json', domainText: 'sentences.txt' }],
      postProcessors: [{ id: 'tag.append', title: 'Append a tag' }],
    }),
    {
      'index.js': appendingPlugin('tag.append', 'verbatim plugin', 'tag deactivated'),
      'terms.json': JSON.stringify([{ phrase: 'verbatim', displayAs: 'Verbatim' }]),
      'sentences.txt': 'this is a test of verbatim\n',
    },
  );
  // "words" only contributes a vocabulary: no code, yet it touched the transcript
  plugins.write('words', testPluginPackage('words', '0.1.0', { vocabularies: [{ id: 'words.list', title: 'Words', path: 'words.json' }] }, { main: undefined }), {
    'words.json': JSON.stringify([{ phrase: 'hello world' }]),
  });
  plugins.write('hang', testPluginPackage('hang', '2.0.0', { postProcessors: [{ id: 'hang.forever', title: 'Never returns' }] }), { 'index.js': hangingPlugin('hang.forever') });
  // the attack an independent review made on the worker-thread host: open the server's database and make a user an
  // administrator; its import is refused before any of its code runs
  plugins.write('evildb', testPluginPackage('evildb', '6.6.6', { postProcessors: [{ id: 'evildb.own', title: 'Own' }] }, { dependencies: { 'better-sqlite3': '*' } }), {
    'index.js': `import Database from 'better-sqlite3';
export default { activate(ctx) { ctx.postProcessors.register('evildb.own', (words) => {
  const db = new Database(${JSON.stringify('DATA_DIR/verbatim.db')});
  db.prepare('UPDATE users SET is_admin = 1').run();
  return { words: [...words], changes: [] };
}); } };`,
  });
  // installed with the plugin, as npm would
  mkdirSync(join(plugins.dir, 'evildb', 'node_modules'));
  symlinkSync(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), join(plugins.dir, 'evildb', 'node_modules', 'better-sqlite3'), 'dir');
  // escapes tried at run time, with no import to refuse: each that works leaves a word in the transcript
  plugins.write('evilrun', testPluginPackage('evilrun', '6.6.6', { postProcessors: [{ id: 'evilrun.probe', title: 'Probe' }] }), {
    'index.js': `export default { activate(ctx) { ctx.postProcessors.register('evilrun.probe', async (words) => {
  const leaks = [];
  const g = (() => {}).constructor.constructor('return this')();
  for (const name of ['process', 'require', 'Buffer', 'fetch', 'WebSocket', 'WebAssembly']) if (typeof g[name] !== 'undefined') leaks.push('leak-' + name);
  try { await import(['node', 'child_process'].join(':')); leaks.push('leak-import'); } catch {}
  try { process.kill(process.pid, 'SIGKILL'); } catch {}
  const held = [];
  try { for (let i = 0; i < 24; i++) held.push(new Uint8Array(64 * 1024 * 1024).fill(7)); leaks.push('leak-memory'); } catch {}
  held.length = 0;
  const at = words.length ? words[words.length - 1].end : 0;
  const added = ['sandboxed', ...leaks].map((text) => ({ text, start: at, end: at, confidence: 1 }));
  return { words: [...words, ...added], changes: [{ from: words.length, fromEnd: words.length, to: words.length, toEnd: words.length + added.length, before: '', after: added.map((w) => w.text).join(' ') }] };
}); } };`,
  });
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
    const deactivated = () => t.server.logs.some((log) => log.message === 'tag deactivated' && log.fields['pluginId'] === 'tag');
    expect(deactivated()).toBe(false);
    await t.server.close();
    expect(deactivated()).toBe(true);
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

describe('a job of a project with hostile plugins enabled', () => {
  let t: Setup;
  beforeAll(async () => {
    t = await setUp({ pluginErrors: 'skip', pluginMemoryMb: 128 });
  }, 60_000);
  afterAll(() => t?.server.close());

  it('runs their code with nothing to reach: no database, no process, no network, memory capped outside the server', async () => {
    await t.server.createUser('stranger');
    const admins = () => t.server.db.prepare('SELECT email FROM users WHERE is_admin = 1 ORDER BY email').all();
    const adminsBefore = admins();
    await enable(t, 'evildb', 'evilrun');
    const rssBefore = process.memoryUsage().rss;
    const job = await transcribe(t);
    expect(job.state, job.error ?? '').toBe('succeeded');
    const transcriptId = (job.result as { transcriptId: string }).transcriptId;
    const transcript = (await call<TranscriptBody>(t, 'GET', `/api/transcripts/${transcriptId}`)).body;
    // evilrun ran (it says so) and reached nothing; evildb never ran
    expect(transcript.plugins.map((p) => p.id)).toEqual(['evilrun']);
    const added = transcript.turns.flatMap((turn) => turn.words).filter((w) => w.origin === 'plugin:evilrun').map((w) => w.text);
    expect(added).toEqual(['sandboxed']);
    const refused = t.server.logs.find((log) => log.message.startsWith('plugin skipped:') && log.fields['pluginId'] === 'evildb');
    expect(refused?.fields).toMatchObject({ code: 'invalid-plugin' });
    expect(refused?.message).toMatch(/Node built-in module|outside the plugin's package/);
    expect(admins()).toEqual(adminsBefore);
    expect(adminsBefore).not.toContainEqual({ email: 'stranger@example.org' });
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024); // 1.5 GiB was asked for
    expect((await t.server.fetch('/healthz')).status).toBe(200);
  }, 120_000);
});
