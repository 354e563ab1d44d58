import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LIVE_CLOSE_CODES, LIVE_MAX_FRAME_BYTES, type LiveSessionJson } from '@verbatim/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveTestSource, readWavPcm, UpgradeRefused } from '../../test/liveTestSource.ts';
import { TEST_BUNDLE } from '../../test/modelStoreFixtures.ts';
import { bearer, createRoleProject, startTestServer, type ProjectCaller, type TestServer, type TestUser } from '../../test/testServer.ts';
import type { Project } from '../auth/ProjectStore.ts';
import { LiveSessionStore } from './LiveSessionStore.ts';
import { liveRecordingPath, liveRecordingRoot } from './liveRecordingPath.ts';

const RATE = 16_000;
let server: TestServer;
let project: Project;
let users: Record<ProjectCaller, TestUser>;
/** The model's three fixture utterances with 0.8 s of silence after each (about 6 s). */
let speech: Int16Array;

beforeAll(async () => {
  server = await startTestServer({ modelDir: TEST_BUNDLE });
  ({ project, users } = await createRoleProject(server));
  const gap = new Int16Array(0.8 * RATE);
  const parts = [0, 1, 2].flatMap((i) => [readWavPcm(join(TEST_BUNDLE, 'fixtures', `utt${i}.wav`)), gap]);
  speech = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    speech.set(part, at);
    at += part.length;
  }
}, 60_000);

afterAll(() => server?.close(), 30_000);

async function newSession(as: TestUser = users.editor): Promise<LiveSessionJson> {
  const response = await server.fetch(`/api/projects/${project.id}/live-sessions`, { method: 'POST', headers: bearer(as.token), body: JSON.stringify({ title: 'Talk' }) });
  expect(response.status).toBe(201);
  return (await response.json()) as LiveSessionJson;
}

const connect = (sessionId: string, as: TestUser = users.editor) => LiveTestSource.connect(server.url, sessionId, { token: as.token });
const recorded = (sessionId: string) => new Int16Array(readFileSync(liveRecordingPath(liveRecordingRoot(server.config), sessionId)).buffer.slice(0));

describe('the live audio WebSocket', { timeout: 60_000 }, () => {
  it('records and captions a stream: ready, partial and final captions, acks, end, drained', async () => {
    const session = await newSession();
    const source = await connect(session.id);
    source.start();
    const ready = await source.next('ready');
    expect(ready).toMatchObject({ sessionId: session.id, sampleRate: RATE, receivedSamples: 0, recentFinals: [] });
    expect(((await (await server.fetch(`/api/live-sessions/${session.id}`, { headers: bearer(users.viewer.token) })).json()) as LiveSessionJson).sourceConnected).toBe(true);
    source.sendPcm(speech);
    await source.next('ack', (a) => a.receivedSamples === speech.length);
    source.end();
    const drained = await source.next('drained');
    const finals = source.captions(true);
    expect(finals.length).toBeGreaterThan(0);
    expect(drained.finals).toBe(finals.length);
    expect(finals.map((c) => c.seq)).toEqual(finals.map((_, i) => i));
    expect(finals.map((c) => c.text).join(' ')).toMatch(/\w+/);
    // finals are stored as they are sent, and the recording is exactly what was sent
    expect(new LiveSessionStore(server.db).listFinals(session.id)).toEqual(finals);
    expect(recorded(session.id)).toEqual(speech);
    const read = (await (await server.fetch(`/api/live-sessions/${session.id}`, { headers: bearer(users.viewer.token) })).json()) as LiveSessionJson;
    expect(read).toMatchObject({ finals: finals.length, receivedSeconds: speech.length / RATE });
    const metrics = await (await server.fetch('/metrics')).text();
    expect(metrics).toMatch(/verbatim_live_sessions\{source="connected"\} [1-9]/);
    source.socket.close();
    await source.closed;
  });

  it('warns the source of a digitally silent input, and makes no captions of it', async () => {
    const session = await newSession();
    const source = await connect(session.id);
    source.start();
    await source.next('ready');
    source.sendPcm(new Int16Array(6 * RATE));
    expect(await source.next('warning')).toMatchObject({ code: 'silent-input', message: expect.stringContaining('silent') });
    source.end();
    expect(await source.next('drained')).toEqual({ type: 'drained', finals: 0 });
    expect(source.captions().filter((c) => c.words.length > 0)).toEqual([]);
    source.socket.close();
  });

  it('resumes a dropped connection without losing or repeating audio, on the same clock and numbering', async () => {
    const session = await newSession();
    const half = Math.floor(speech.length / 2 / 1600) * 1600;
    const first = await connect(session.id);
    first.start();
    await first.next('ready');
    first.sendPcm(speech.subarray(0, half));
    await first.next('ack', (a) => a.receivedSamples === half);
    first.socket.terminate();
    await first.closed;

    const second = await connect(session.id);
    // the source resends from a little before what the server acknowledged: the overlap is dropped
    second.start({ offsetSamples: half - 3200 });
    const ready = await second.next('ready');
    expect(ready.receivedSamples).toBe(half);
    second.sendPcm(speech.subarray(half - 3200));
    second.end();
    await second.next('drained');
    expect(recorded(session.id)).toEqual(speech);
    const finals = new LiveSessionStore(server.db).listFinals(session.id);
    expect(finals.map((c) => c.seq)).toEqual(finals.map((_, i) => i));
    for (let i = 1; i < finals.length; i++) expect(finals[i]!.startMs).toBeGreaterThanOrEqual(finals[i - 1]!.endMs);
    expect(finals.at(-1)!.endMs).toBeLessThanOrEqual((speech.length / RATE) * 1000);
    second.socket.close();
  });

  it('closes bad input with a code and a reason in words, and another session streams on unaffected', async () => {
    const good = await newSession();
    const goodSource = await connect(good.id);
    goodSource.start();
    await goodSource.next('ready');
    goodSource.sendPcm(speech.subarray(0, speech.length / 2));

    const closeOf = async (prepare: (source: LiveTestSource, sessionId: string) => void | Promise<void>) => {
      const session = await newSession();
      const source = await connect(session.id);
      await prepare(source, session.id);
      return source.closed;
    };
    expect(await closeOf((s) => s.start({ sampleRate: 8000 }))).toMatchObject({ code: LIVE_CLOSE_CODES.badFormat, reason: expect.stringContaining('16000 Hz') });
    expect(await closeOf((s) => s.start({ offsetSamples: 5 }))).toMatchObject({ code: LIVE_CLOSE_CODES.badFormat, reason: expect.stringContaining('beyond') });
    expect(await closeOf((s) => s.sendPcm(new Int16Array(1600)))).toMatchObject({ code: LIVE_CLOSE_CODES.badFormat, reason: expect.stringContaining('start') });
    expect(await closeOf((s) => s.socket.send('{"type":"start","encoding":"f32le","sampleRate":16000,"channels":1,"offsetSamples":0}'))).toMatchObject({ code: LIVE_CLOSE_CODES.badFormat });
    expect(await closeOf((s) => s.socket.send('not json'))).toMatchObject({ code: LIVE_CLOSE_CODES.badFormat });
    const frameOf = async (bytes: number) =>
      closeOf(async (s) => {
        s.start();
        await s.next('ready');
        s.socket.send(Buffer.alloc(bytes));
      });
    expect(await frameOf(3201)).toMatchObject({ code: LIVE_CLOSE_CODES.badFrame, reason: expect.stringContaining('3201') });
    expect(await frameOf(LIVE_MAX_FRAME_BYTES + 2)).toMatchObject({ code: LIVE_CLOSE_CODES.badFrame });
    // faster than real time: 20 s of audio at once is more than the 10 s burst (of the session, and of a connection's 3× catch-up)
    expect(
      await closeOf(async (s) => {
        s.start();
        await s.next('ready');
        s.sendPcm(new Int16Array(20 * RATE), 16_000);
      }),
    ).toMatchObject({ code: LIVE_CLOSE_CODES.tooFast, reason: expect.stringContaining('real time') });

    // a second source for the good session (which is sending) is refused; the first goes on
    goodSource.sendPcm(speech.subarray(speech.length / 2));
    const intruder = await connect(good.id, users.owner);
    expect(await intruder.closed).toMatchObject({ code: LIVE_CLOSE_CODES.sourceConnected });
    goodSource.end();
    expect((await goodSource.next('drained')).finals).toBeGreaterThan(0);
    expect(recorded(good.id)).toEqual(speech);

    // stopping closes the source with 4410, and a stopped session takes no new source
    const stop = await server.fetch(`/api/live-sessions/${good.id}/stop`, { method: 'POST', headers: bearer(users.editor.token), body: '{}' });
    expect(stop.status).toBe(200);
    const stopped = (await stop.json()) as LiveSessionJson;
    expect(stopped).toMatchObject({ state: 'ended', error: null, sourceConnected: false });
    expect(stopped.transcriptId).not.toBeNull();
    expect(await goodSource.closed).toMatchObject({ code: LIVE_CLOSE_CODES.sessionEnded });
    expect(goodSource.messages.find((m) => m.type === 'ended')).toEqual({ type: 'ended', transcriptId: stopped.transcriptId });
    const late = await connect(good.id);
    expect(await late.closed).toMatchObject({ code: LIVE_CLOSE_CODES.sessionEnded });
  });

  it('refuses viewers, read-only tokens and strangers before the upgrade, and closes 4403 when the role is lowered', async () => {
    const session = await newSession();
    const refusal = async (as: TestUser, token = as.token) => {
      const error = await LiveTestSource.connect(server.url, session.id, { token }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UpgradeRefused);
      return (error as UpgradeRefused).status;
    };
    expect(await refusal(users.viewer)).toBe(403);
    expect(await refusal(users.reviewer)).toBe(403);
    expect(await refusal(users.stranger)).toBe(404);
    expect(await refusal(users.editor, server.tokens.create(users.editor.user.id, 'read', { scope: 'read' }).token)).toBe(403);
    expect(await refusal(users.editor, 'vbt_not-a-token')).toBe(401);

    const demoted = await server.createUser('demoted');
    server.projects.addMember(project.id, demoted.user.id, 'editor');
    const source = await connect(session.id, demoted);
    source.start();
    await source.next('ready');
    const put = await server.fetch(`/api/projects/${project.id}/members/${demoted.user.id}`, { method: 'PUT', headers: bearer(users.owner.token), body: JSON.stringify({ role: 'viewer' }) });
    expect(put.status).toBe(200);
    expect(await source.closed).toMatchObject({ code: LIVE_CLOSE_CODES.accessRevoked });
    expect(statSync(liveRecordingPath(liveRecordingRoot(server.config), session.id)).size).toBe(0);
  });

  it('closes the source and deletes the recording when the session\'s project is deleted', async () => {
    const doomed = server.projects.createProject('Doomed', users.owner.user.id);
    const created = await server.fetch(`/api/projects/${doomed.id}/live-sessions`, { method: 'POST', headers: bearer(users.owner.token), body: JSON.stringify({ title: 'Talk' }) });
    const session = (await created.json()) as LiveSessionJson;
    const source = await connect(session.id, users.owner);
    source.start();
    await source.next('ready');
    source.sendPcm(speech.subarray(0, RATE));
    await source.next('ack', (a) => a.receivedSamples === RATE);
    expect(existsSync(liveRecordingPath(liveRecordingRoot(server.config), session.id))).toBe(true);
    const deleted = await server.fetch(`/api/projects/${doomed.id}`, { method: 'DELETE', headers: bearer(users.owner.token) });
    expect(deleted.status).toBe(204);
    expect(await source.closed).toMatchObject({ code: LIVE_CLOSE_CODES.sessionEnded, reason: expect.stringContaining('deleted') });
    expect(existsSync(liveRecordingPath(liveRecordingRoot(server.config), session.id))).toBe(false);
  });

  it('takes the token in the address too, and closes 4403 at once when the account is disabled', async () => {
    const session = await newSession();
    const operator = await server.createUser('operator');
    server.projects.addMember(project.id, operator.user.id, 'editor');
    const source = await LiveTestSource.connect(server.url, session.id, { queryToken: operator.token });
    source.start();
    await source.next('ready');
    const admin = await server.createUser('admin', { isAdmin: true });
    const patch = await server.fetch(`/api/users/${operator.user.id}`, { method: 'PATCH', headers: bearer(admin.token), body: JSON.stringify({ disabled: true }) });
    expect(patch.status).toBe(200);
    expect(await source.closed).toMatchObject({ code: LIVE_CLOSE_CODES.accessRevoked });
  });
});
