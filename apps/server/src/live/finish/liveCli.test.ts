// `verbatim live` end to end: the real CLI (apps/cli's main in a child process) streams a WAV at real time to the real
// server recognising with the bundled model; a TCP proxy in front of the server cuts the first audio connection half
// way, so resuming is tested at a known point. What --print writes must be the session's finals, and the session must
// end as media plus a transcript of exactly those finals.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket as NetSocket, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LiveSessionJson } from '@verbatim/core/api';
import { readTranscriptTurns } from '@verbatim/core/document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWavPcm } from '../../../test/liveTestSource.ts';
import { TEST_BUNDLE } from '../../../test/modelStoreFixtures.ts';
import { bearer, createRoleProject, startTestServer, type ProjectCaller, type TestServer, type TestUser } from '../../../test/testServer.ts';
import type { Project } from '../../auth/ProjectStore.ts';
import { encodeWav } from '../../training/encodeWav.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import { LiveSessionStore } from '../LiveSessionStore.ts';

const CLI = resolve(import.meta.dirname, '../../../../cli/src/main.ts');
const RATE = 16_000;

let server: TestServer;
let project: Project;
let users: Record<ProjectCaller, TestUser>;
let dir: string;
/** The model's three fixture utterances with 0.8 s of silence after each (about 6 s). */
let talkWav: string;
let talkSamples: number;
let proxy: Server;
let proxyUrl: string;
/** Bytes after which the proxy cuts the first audio connection (undefined: it passes everything). */
let cutAfter: number | undefined;
let cuts = 0;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], options: { stdin?: Buffer; onStdout?: (text: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<Run> {
  const child = spawn(process.execPath, [CLI, 'live', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, VERBATIM_TOKEN: '', VERBATIM_SERVER: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    options.onStdout?.(stdout, child);
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin!.on('error', () => {});
  child.stdin!.end(options.stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function sessions(): Promise<LiveSessionJson[]> {
  const response = await server.fetch(`/api/projects/${project.id}/live-sessions`, { headers: bearer(users.owner.token) });
  return ((await response.json()) as { liveSessions: LiveSessionJson[] }).liveSessions;
}

/** The finals' texts and the transcript's words, for the session the run made. */
function madeOf(session: LiveSessionJson): { finals: string[]; finalWords: string[]; transcriptWords: string[] } {
  const finals = new LiveSessionStore(server.db).listFinals(session.id);
  const turns = readTranscriptTurns(new DocumentStore(server.db).load(session.transcriptId!));
  return {
    finals: finals.map((f) => f.text).filter((t) => t.trim() !== ''),
    finalWords: finals.flatMap((f) => f.words.flatMap((w) => w.text.split(/\s+/u))),
    transcriptWords: turns.flatMap((t) => t.words.map((w) => w.text)),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-live-cli-'));
  server = await startTestServer({ modelDir: TEST_BUNDLE });
  ({ project, users } = await createRoleProject(server));
  const gap = new Int16Array(0.8 * RATE);
  const parts = [0, 1, 2].flatMap((i) => [readWavPcm(join(TEST_BUNDLE, 'fixtures', `utt${i}.wav`)), gap]);
  const pcm = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    pcm.set(part, at);
    at += part.length;
  }
  talkSamples = pcm.length;
  talkWav = join(dir, 'talk.wav');
  writeFileSync(talkWav, encodeWav(Float32Array.from(pcm, (s) => s / 32768), RATE));
  // a TCP proxy: the first connection that upgrades to /live/ is cut after `cutAfter` bytes from the client
  proxy = createServer((client: Socket) => {
    const upstream = new NetSocket();
    let sent = 0;
    let audio: boolean | undefined;
    upstream.connect(Number(new URL(server.url).port), '127.0.0.1');
    client.on('data', (chunk: Buffer) => {
      audio ??= chunk.toString('latin1', 0, 12).startsWith('GET /live/');
      sent += chunk.length;
      upstream.write(chunk);
      if (audio && cutAfter !== undefined && sent > cutAfter && cuts === 0) {
        cuts += 1;
        client.destroy();
        upstream.destroy();
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((r) => proxy?.close(r));
  await server?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('verbatim live', () => {
  it('streams a WAV at real time through a dropped connection, prints each final as it comes, and stops the session into media and a transcript', async () => {
    cutAfter = 64 * 1024;
    const started = performance.now();
    const run = await cli([project.id, '--input', talkWav, '--server', proxyUrl, '--token', users.editor.token, '--title', 'CLI talk', '--print']);
    cutAfter = undefined;
    expect(run.code, run.stderr).toBe(0);
    expect(cuts).toBe(1);
    expect(run.stderr).toMatch(/reconnecting in/);
    // paced by the clock: not faster than the audio
    expect(performance.now() - started).toBeGreaterThan((talkSamples / RATE) * 1000);
    const session = (await sessions()).find((s) => s.title === 'CLI talk')!;
    expect(session).toMatchObject({ state: 'ended', error: null, sourceConnected: false });
    // no audio lost or doubled by the cut: the recording is the input
    expect(session.receivedSeconds * RATE).toBe(talkSamples);
    expect(run.stderr).toContain(`transcript ${session.transcriptId}`);
    const made = madeOf(session);
    expect(made.finals.length).toBeGreaterThan(0);
    expect(run.stdout).toBe(made.finals.map((t) => `${t}\n`).join(''));
    expect(made.transcriptWords).toEqual(made.finalWords);
    const media = (await (await server.fetch(`/api/projects/${project.id}/media`, { headers: bearer(users.owner.token) })).json()) as { media: Array<{ id: string; durationSeconds: number }> };
    expect(media.media.find((m) => m.id === session.mediaId)?.durationSeconds).toBeCloseTo(talkSamples / RATE, 2);
  }, 120_000);

  it('reads raw PCM on stdin, and --keep-open leaves the session live', async () => {
    const pcm = readWavPcm(join(TEST_BUNDLE, 'fixtures', 'utt0.wav'));
    const run = await cli([project.id, '--input', '-', '--server', server.url, '--token', users.editor.token, '--title', 'Stdin talk', '--keep-open', '--viewer-link', '--quiet'], { stdin: Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('stays live (--keep-open)');
    const session = (await sessions()).find((s) => s.title === 'Stdin talk')!;
    expect(session.state).toBe('live');
    // the caption screen's link works without an account
    const screen = /caption screen for the audience \(no account needed\): (\S+)\n/.exec(run.stderr)?.[1];
    expect(screen).toMatch(new RegExp(`^${server.url}/captions/`));
    expect(session.viewerLink.active).toBe(true);
    expect((await fetch(`${server.url}/live/view/${screen!.split('/').at(-1)}/session`)).status).toBe(200);
    expect(session.receivedSeconds * RATE).toBe(pcm.length);
  }, 60_000);

  it('reads a WAV stream on stdin at another rate and channel count, as ffmpeg pipes one (resampled through ffmpeg)', async () => {
    // ffmpeg writing to a pipe cannot go back to fill in the header's sizes: the stream's length is unknown
    const wav = execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-i', join(TEST_BUNDLE, 'fixtures', 'utt1.wav'), '-ar', '22050', '-ac', '2', '-f', 'wav', '-']);
    const seconds = readWavPcm(join(TEST_BUNDLE, 'fixtures', 'utt1.wav')).length / RATE;
    const run = await cli([project.id, '--input', '-', '--server', server.url, '--token', users.editor.token, '--title', 'Piped talk', '--quiet'], { stdin: wav });
    expect(run.code, run.stderr).toBe(0);
    const session = (await sessions()).find((s) => s.title === 'Piped talk')!;
    expect(session.state).toBe('ended');
    expect(session.receivedSeconds).toBeCloseTo(seconds, 1);
  }, 60_000);

  it('Ctrl-C ends the input there, waits for the last finals and stops the session (130)', async () => {
    let interrupted = false;
    const run = await cli([project.id, '--input', talkWav, '--server', server.url, '--token', users.editor.token, '--title', 'Interrupted talk', '--print'], {
      // the first final is out: interrupt, once (a second Ctrl-C quits at once)
      onStdout: (_text, child) => {
        if (!interrupted) child.kill('SIGINT');
        interrupted = true;
      },
    });
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('stopping at Ctrl-C');
    const session = (await sessions()).find((s) => s.title === 'Interrupted talk')!;
    expect(session.state).toBe('ended');
    expect(session.receivedSeconds * RATE).toBeLessThan(talkSamples);
    expect(run.stdout).toBe(madeOf(session).finals.map((t) => `${t}\n`).join(''));
  }, 60_000);

  it.each([
    ['a viewer', () => users.viewer.token, () => project.id, /403 insufficient-role.*editor or owner/s],
    ['a bad token', () => 'not-a-real-token', () => project.id, /401/],
    ['an unknown project', () => users.editor.token, () => '00000000-0000-4000-8000-000000000000', /404 .*check the project id/s],
  ])('refuses %s with a clear message (1) and starts nothing', async (_name, token, projectId, message) => {
    const before = (await sessions()).length;
    const run = await cli([projectId(), '--input', talkWav, '--server', server.url, '--token', token()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect((await sessions()).length).toBe(before);
  }, 30_000);

  it('an input that cannot be read is a usage error (2), and the session made for it is stopped', async () => {
    const notAudio = join(dir, 'notes.txt');
    writeFileSync(notAudio, 'these are not audio bytes at all, just some text to refuse');
    const run = await cli([project.id, '--input', notAudio, '--server', server.url, '--token', users.editor.token, '--title', 'Not audio']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('notes.txt');
    expect((await sessions()).find((s) => s.title === 'Not audio')?.state).not.toBe('live');
  }, 30_000);
});
