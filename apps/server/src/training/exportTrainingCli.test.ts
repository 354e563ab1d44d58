// `verbatim export-training` end to end: the real CLI (apps/cli's main in a child process) against the real server
// holding espeak-ng recordings verified over the API; a local proxy in front of the server stalls or drops the
// download half way, so that Ctrl-C and a broken transfer are tested at a known point.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TrainingExportInfoJson, TrainingExportRecordJson } from '@verbatim/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../auth/ProjectStore.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { TEST_BUNDLE } from '../../test/modelStoreFixtures.ts';
import { bearer, startTestServer, type TestServer, type TestUser } from '../../test/testServer.ts';

const CLI = resolve(import.meta.dirname, '../../../cli/src/main.ts');
const SENTENCES = [
  'the patient was given a small dose of medicine in the morning',
  'please send the report to the office before the end of the week',
  'she walked along the river with her brother and their old dog',
  'we will meet again next month to look at the new plans together',
  'the weather was cold and wet so everyone stayed inside all day',
];

let server: TestServer;
let dir: string;
let owner: TestUser;
let editor: TestUser;
let project: Project;
let proxy: Server;
let proxyUrl: string;
/** What the proxy does after the first chunk of a training export: stall (until the test lets go) or drop the connection. */
let mode: 'pass' | 'stall' | 'drop' = 'pass';
let stalled: (() => void) | undefined;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `onStart` gets the child once it runs. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}, onStart?: (child: ReturnType<typeof spawn>) => void): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VERBATIM_TOKEN: '', VERBATIM_SERVER: '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  onStart?.(child);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-training-cli-'));
  server = await startTestServer({ modelDir: TEST_BUNDLE });
  owner = await server.createUser('owner');
  editor = await server.createUser('editor');
  project = server.projects.createProject('Clinic', owner.user.id);
  server.projects.addMember(project.id, editor.user.id, 'editor');
  const transcripts = new TranscriptStore(server.db, { documents: new DocumentStore(server.db) });
  for (const [i, sentence] of SENTENCES.entries()) {
    const wav = join(dir, `s${i}.wav`);
    execFileSync('nice', ['-n', '19', 'espeak-ng', '-w', wav, sentence]);
    const form = new FormData();
    form.append('file', new Blob([readFileSync(wav)]), `s${i}.wav`);
    const uploaded = await server.fetch(`/api/projects/${project.id}/media`, { method: 'POST', headers: { authorization: `Bearer ${owner.token}` }, body: form });
    const media = ((await uploaded.json()) as { media: Array<{ id: string; durationSeconds: number }> }).media[0]!;
    const words = sentence.split(' ');
    const share = media.durationSeconds / words.length;
    const segments = [{ speaker: 'Ada', start: 0, end: media.durationSeconds, words: words.map((text, w) => ({ text, start: w * share + 0.01, end: (w + 1) * share - 0.01, confidence: 0.9 })) }];
    const transcriptId = transcripts.create({ projectId: project.id, mediaId: media.id, model: { id: 'asr-model', version: '1', sha256: 'ab'.repeat(32) }, segments }).id;
    const verified = await server.fetch(`/api/transcripts/${transcriptId}/verified-spans`, { method: 'POST', headers: bearer(owner.token), body: JSON.stringify({ scope: 'transcript' }) });
    expect(verified.status).toBe(201);
  }
  // the proxy: passes everything through, but with `stall` or `drop` holds or cuts a training export after its first chunk
  proxy = createServer(async (req, res) => {
    const upstream = await fetch(`${server.url}${req.url}`, { headers: { authorization: req.headers.authorization ?? '' } });
    res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
    const reader = upstream.body!.getReader();
    const first = await reader.read();
    // resolves once the headers and the first chunk are out
    const sent = new Promise<void>((r) => (first.done ? r() : res.write(first.value, () => r())));
    if (mode !== 'pass' && req.url!.includes('/training-export')) {
      await sent;
      if (mode === 'drop') {
        await reader.cancel();
        res.destroy();
        return;
      }
      res.on('close', () => void reader.cancel());
      stalled?.();
      return;
    }
    for (let next = await reader.read(); !next.done; next = await reader.read()) res.write(next.value);
    res.end();
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
  await server?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('verbatim export-training', () => {
  it('downloads, extracts, checks and renames the export into DIR (token from VERBATIM_TOKEN)', async () => {
    const out = join(dir, 'export');
    const run = await cli(['export-training', project.id, '--out', out, '--server', server.url], { VERBATIM_TOKEN: owner.token });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${out}\n`);
    expect(run.stderr).toContain(`export ${project.id}: 100% ${SENTENCES.length}/${SENTENCES.length} segments`);
    expect(run.stderr).toMatch(/segments, \d+ KiB: done\n/);
    expect(run.stderr).toContain('report.json says what was left out');
    expect(existsSync(`${out}.partial`)).toBe(false);
    const info = JSON.parse(readFileSync(join(out, 'export.json'), 'utf8')) as TrainingExportInfoJson;
    const total = info.splits.train.segments + info.splits.dev.segments + info.splits.test.segments;
    expect(total).toBe(SENTENCES.length);
    const lines = ['train', 'dev', 'test'].flatMap((split) =>
      readFileSync(join(out, `${split}.jsonl`), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { audio_filepath: string; text: string }),
    );
    expect(lines.map((l) => l.text).sort()).toEqual([...SENTENCES].sort());
    for (const line of lines) expect(existsSync(join(out, line.audio_filepath))).toBe(true);
    expect(existsSync(join(out, 'report.json'))).toBe(true);
  }, 60_000);

  it('refuses a DIR that exists and is not empty (2), and takes an empty one', async () => {
    const full = join(dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine');
    const refused = await cli(['export-training', project.id, '--out', full, '--server', server.url, '--token', owner.token]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('exists and is not empty');
    expect(readdirSync(full)).toEqual(['keep.txt']);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const taken = await cli(['export-training', project.id, '--out', empty, '--server', server.url, '--token', owner.token, '--quiet']);
    expect(taken.code, taken.stderr).toBe(0);
    expect(readdirSync(empty)).toContain('export.json');
  }, 60_000);

  it("prints the server's refusal (1) and leaves nothing", async () => {
    const out = join(dir, 'refused');
    const run = await cli(['export-training', project.id, '--out', out, '--server', server.url, '--token', editor.token]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('403 insufficient-role');
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
    const missing = await cli(['export-training', project.id, '--out', out, '--server', server.url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('VERBATIM_TOKEN');
  }, 60_000);

  it('Ctrl-C half way stops the download (130): no DIR, no partial directory, the export recorded as incomplete', async () => {
    const out = join(dir, 'cancelled');
    mode = 'stall';
    const halfWay = new Promise<void>((r) => (stalled = r));
    const run = cli(['export-training', project.id, '--out', out, '--server', proxyUrl, '--token', owner.token], {}, (child) => void halfWay.then(() => child.kill('SIGINT')));
    const result = await run;
    mode = 'pass';
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain('export cancelled');
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
    let state: string | undefined;
    for (let i = 0; i < 200 && state !== 'incomplete'; i += 1) {
      const list = (await (await server.fetch(`/api/projects/${project.id}/training-exports`, { headers: bearer(owner.token) })).json()) as { exports: TrainingExportRecordJson[] };
      state = list.exports[0]?.state;
    }
    expect(state).toBe('incomplete');
  }, 60_000);

  it('a connection lost half way fails (1) and leaves no DIR that looks complete', async () => {
    const out = join(dir, 'dropped');
    mode = 'drop';
    const result = await cli(['export-training', project.id, '--out', out, '--server', proxyUrl, '--token', owner.token]);
    mode = 'pass';
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/download stopped before the end|incomplete/);
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  }, 60_000);
});
