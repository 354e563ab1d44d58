// The steps of "corrections become training data", each done the way a team would, against a real server process:
// upload and transcribe recordings, correct each transcript to its reference in the collaboration room and mark it
// verified through the API, export the verified speech (the streamed tar), fine-tune with the recipe, install the
// result with `verbatim model install`, make it the project's candidate and compare it on the export's test split.
// Shared by the integration test (tests/eval/finetune.test.ts) and `npm run eval:finetune`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { alignWords } from '@verbatim/core';
import type { InstalledModelJson, ModelComparisonJson } from '@verbatim/core/api';
import { appendParagraph, encodeWordTiming, readTranscriptTurns, readTranscriptWords, TRANSCRIPT_ROOT, WORD_TIMING_KEY } from '@verbatim/core/document';
import * as Y from 'yjs';
import { YjsTestClient } from '../../apps/server/test/yjsTestClient.ts';
import { ApiSession } from '../browser/harness/ApiSession.ts';
import { REPO, startServer, type RunningServer } from '../browser/harness/startServer.ts';

export { REPO };
export const PYTHON = process.env['PYTHON'] ?? '/usr/bin/python3';
export const BUNDLE = join(REPO, 'models', 'verbatim-en-char-v1');
const CLI = join(REPO, 'apps', 'cli', 'bin', 'verbatim.mjs');

export interface Flow {
  readonly server: RunningServer;
  /** The first administrator's session (the project's owner). */
  readonly api: ApiSession;
  /** An API token of the administrator (collaboration rooms, the CLI). */
  readonly token: string;
  /** The server's model store (`<data-dir>/models`), which `verbatim model install --store` shares. */
  readonly store: string;
}

/** Starts the real server (`npm start`'s entry) on a fresh data directory, signed in as its administrator. */
export async function startFlow(): Promise<Flow> {
  const server = await startServer(['--workers', '2']);
  const api = await ApiSession.login(server.url, server.admin.email, server.admin.password);
  const { token } = await api.call<{ token: string }>('POST', '/api/tokens', { name: 'fine-tune flow', scope: 'write' });
  return { server, api, token, store: join(server.dataDir, 'models') };
}

/** Polls `read` until `done` holds (a job or comparison of the real server finishing), failing after `timeoutMs`. */
export async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still not done after ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface JobLike { id: string; state: string; error: string | null; result: { transcriptId: string } | null }

/** Uploads the files (four to a request) and transcribes each with the project's default model; their transcript ids. */
export async function uploadAndTranscribe(flow: Flow, projectId: string, paths: readonly string[], timeoutMs: number): Promise<Array<{ mediaId: string; transcriptId: string }>> {
  const out: Array<{ mediaId: string; transcriptId: string }> = [];
  for (let i = 0; i < paths.length; i += 4) {
    const form = new FormData();
    for (const p of paths.slice(i, i + 4)) form.append('file', new Blob([readFileSync(p)]), basename(p));
    // a refused upload (the server answers before the body is in and closes) is retried after a pause
    let media: Array<{ id: string }> | undefined;
    for (let attempt = 1; media === undefined; attempt++) {
      try {
        media = (await flow.api.call<{ media: Array<{ id: string }> }>('POST', `/api/projects/${projectId}/media`, form)).media;
      } catch (err) {
        if (attempt >= 4) throw err;
        await new Promise((r) => setTimeout(r, 2000 * attempt));
      }
    }
    for (const m of media) out.push({ mediaId: m.id, transcriptId: '' });
  }
  const jobs = [];
  for (const o of out) jobs.push(await flow.api.call<JobLike>('POST', `/api/projects/${projectId}/jobs`, { mediaId: o.mediaId }));
  for (const [i, job] of jobs.entries()) {
    const done = await poll(() => flow.api.call<JobLike>('GET', `/api/jobs/${job.id}`), (j) => ['succeeded', 'failed', 'cancelled'].includes(j.state), `transcription ${job.id}`, timeoutMs);
    if (done.state !== 'succeeded') throw new Error(`transcription ${job.id} ${done.state}: ${done.error}`);
    out[i]!.transcriptId = done.result!.transcriptId;
  }
  return out;
}

/** A project member who corrects and verifies: their API token (the server limits collaboration connections per account). */
export interface Reviewer {
  readonly api: ApiSession;
  readonly token: string;
}

/** `n` accounts made editors of the project (who may correct and verify; the administrator makes them), each with an API token. */
export async function addReviewers(flow: Flow, projectId: string, n: number): Promise<Reviewer[]> {
  const out: Reviewer[] = [];
  for (let i = 0; i < n; i++) {
    const email = `reviewer${i}-${projectId.slice(0, 8)}@example.org`;
    const password = `reviewer ${i} has a long password 42`;
    const { user } = await flow.api.call<{ user: { id: string } }>('POST', '/api/users', { email, displayName: `Reviewer ${i}`, password });
    await flow.api.call('PUT', `/api/projects/${projectId}/members/${user.id}`, { role: 'editor' });
    const api = await ApiSession.login(flow.server.url, email, password);
    const { token } = await api.call<{ token: string }>('POST', '/api/tokens', { name: 'reviewing', scope: 'write' });
    out.push({ api, token });
  }
  return out;
}

/** Opens the transcript's collaboration room, waiting out the per-account connection limit (429) when it is reached. */
async function openRoom(flow: Flow, token: string, transcriptId: string): Promise<YjsTestClient> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await YjsTestClient.open(`${flow.server.url.replace(/^http/, 'ws')}/yjs/${transcriptId}?token=${token}`);
    } catch (err) {
      if (!/429/.test(String(err)) || attempt > 30) throw err;
      await new Promise((r) => setTimeout(r, 2100)); // the server's Retry-After
    }
  }
}

/** The transcript's words as the server has them now (a fresh collaboration client's first sync). */
export async function serverWords(flow: Flow, transcriptId: string, token = flow.token): Promise<string> {
  const client = await openRoom(flow, token, transcriptId);
  try {
    return readTranscriptWords(client.doc).map((w) => w.text).join(' ');
  } finally {
    client.socket.close();
  }
}

/**
 * What a reviewer does: in the editor (a real collaboration client), makes the transcript read as `reference`; a
 * misrecognised word is retyped in place (keeping its timing, now a person's word), a word that was not said is
 * deleted, a missed word is typed between its neighbours; then the whole transcript is marked verified (API).
 */
export async function correctAndVerify(flow: Flow, reviewer: Reviewer, transcriptId: string, reference: string): Promise<void> {
  const client = await openRoom(flow, reviewer.token, transcriptId);
  const ref = reference.split(' ').filter((w) => w !== '');
  try {
    const turns = readTranscriptTurns(client.doc);
    const words = turns.flatMap((t) => t.words);
    const delta: Array<{ insert: string; attributes?: Record<string, string> }> = [];
    let lastEnd = words[0]?.start ?? 0;
    const put = (text: string, start: number, end: number, conf: number, origin: 'asr' | 'human') => {
      if (delta.length > 0) delta.push({ insert: ' ' });
      delta.push({ insert: text, attributes: { [WORD_TIMING_KEY]: encodeWordTiming({ start, end: Math.max(start, end), conf, origin }) } });
      lastEnd = Math.max(lastEnd, end);
    };
    const steps = alignWords(words.map((w) => w.text), ref);
    for (const [k, step] of steps.entries()) {
      if (step.op === 'match') {
        const w = words[step.ref]!;
        put(w.text, w.start, w.end, w.confidence, 'asr');
      } else if (step.op === 'sub') {
        const w = words[step.ref]!;
        put(ref[step.hyp]!, w.start, w.end, 1, 'human');
      } else if (step.op === 'ins') {
        const next = steps.slice(k + 1).find((s) => s.op !== 'ins');
        const nextStart = next !== undefined ? words[next.ref]!.start : lastEnd + 0.3;
        put(ref[step.hyp]!, lastEnd, Math.max(lastEnd, nextStart), 1, 'human');
      }
    }
    client.doc.transact(() => {
      const root = client.doc.get(TRANSCRIPT_ROOT, Y.XmlText);
      root.delete(0, root.length);
      appendParagraph(root, { type: 'turn', speaker: turns[0]?.speaker ?? 'Speaker 1', start: words[0]?.start ?? 0 }, delta);
    });
    // the server handles a connection's messages in order: once the edit is sent and the socket closed, a new
    // connection reads it (checked, and read again until it does)
    await poll(async () => client.socket.bufferedAmount, (n) => n === 0, 'the edit being sent', 10_000);
  } finally {
    client.socket.close();
  }
  await client.closed;
  await poll(() => serverWords(flow, transcriptId, reviewer.token), (text) => text === ref.join(' '), `the corrections of ${transcriptId} reaching the server`, 30_000);
  await reviewer.api.call('POST', `/api/transcripts/${transcriptId}/verified-spans`, { scope: 'transcript' });
}

/** Downloads the project's training export (the streamed tar) and extracts it into `dir` with the system's tar. */
export async function downloadExport(flow: Flow, projectId: string, dir: string): Promise<{ bytes: number; segments: string | null }> {
  const res = await fetch(`${flow.server.url}/api/projects/${projectId}/training-export`, { headers: { authorization: `Bearer ${flow.token}` } });
  if (res.status !== 200) throw new Error(`training export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  const tar = spawn('tar', ['-x', '-C', dir], { stdio: ['pipe', 'ignore', 'pipe'] });
  let err = '';
  tar.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream);
  body.on('data', (c: Buffer) => (bytes += c.length));
  body.pipe(tar.stdin);
  const code = await new Promise<number | null>((done) => tar.once('close', done));
  if (code !== 0) throw new Error(`tar -x exited ${code}: ${err}`);
  return { bytes, segments: res.headers.get('x-verbatim-segments') };
}

/** Runs a command, its output kept (and echoed when `echo`); resolves with its exit code and wall time. */
export function run(cmd: string, args: readonly string[], options: { echo?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; output: string; seconds: number }> {
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: REPO, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (c: string) => {
    output += c;
    if (options.echo) process.stderr.write(c);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  return new Promise((done) => child.once('close', (code) => done({ code, output, seconds: (performance.now() - t0) / 1000 })));
}

/** `npm run model:train -- --out …` as the recipe's own entry (run.py), from the export in `exportDir`. */
export function fineTune(exportDir: string, out: string, extra: readonly string[], echo = false) {
  return run(PYTHON, [join(REPO, 'models', 'recipe', 'run.py'), '--out', out, '--manifest', join(exportDir, 'train.jsonl'),
    '--dev-manifest', join(exportDir, 'dev.jsonl'), '--init-from', BUNDLE, ...extra], { echo });
}

/** `npx verbatim model install <dir> --store <the server's store>`; the model as the server lists it. */
export async function installWithCli(flow: Flow, bundleDir: string): Promise<InstalledModelJson> {
  const r = await run(process.execPath, [CLI, 'model', 'install', bundleDir, '--store', flow.store]);
  if (r.code !== 0) throw new Error(`verbatim model install exited ${r.code}:\n${r.output}`);
  const ref = r.output.split('\n').map((l) => l.trim()).find((l) => /^[A-Za-z0-9][\w.-]*@\S+$/.test(l));
  const { models } = await flow.api.call<{ models: InstalledModelJson[] }>('GET', '/api/models');
  const model = models.find((m) => `${m.id}@${m.version}` === ref) ?? models.find((m) => bundleDir.endsWith(m.version));
  if (!model) throw new Error(`the server does not list ${ref ?? bundleDir}: ${models.map((m) => `${m.id}@${m.version}`).join(', ')}\n${r.output}`);
  return model;
}

/** Makes `ref` the project's candidate and compares it on the export's test split; the finished comparison. */
export async function candidateAndCompare(flow: Flow, projectId: string, ref: string, timeoutMs: number): Promise<ModelComparisonJson> {
  await flow.api.call('PUT', `/api/projects/${projectId}/model-aliases/candidate`, { model: ref, reason: 'fine-tuned on the verified work' });
  const started = await flow.api.call<ModelComparisonJson>('POST', `/api/projects/${projectId}/model-comparisons`, { model: ref, split: 'test' });
  const done = await poll(() => flow.api.call<ModelComparisonJson>('GET', `/api/model-comparisons/${started.id}`), (c) => ['succeeded', 'failed', 'cancelled'].includes(c.state), 'the comparison', timeoutMs);
  if (done.state !== 'succeeded') throw new Error(`the comparison ${done.state}: ${JSON.stringify(done)}`);
  return done;
}
