// Two whole servers (startServer, as `verbatim-server` runs it) on one PostgreSQL database, sharing the media directory
// and the model store as a deployment's web processes do: a session captured through one is seen live on the other
// (partials and finals on a caption screen's events, the finals in its WebVTT), a second source through the other is
// refused while the first holds the session, and a stop through the other ends the session once, by the holder; a
// link revoked through one closes the screens on the other; a process that shuts down hands its session over, the
// source resuming through the other on the one recording.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LIVE_CLOSE_CODES, type CaptionJson, type LiveServerMessage, type LiveSessionJson, type LiveViewerLinkJson } from '@verbatim/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveTestSource, readWavPcm } from '../../../test/liveTestSource.ts';
import { TEST_BUNDLE } from '../../../test/modelStoreFixtures.ts';
import { testsUsePostgres } from '../../../test/postgres/testDatabaseEngine.ts';
import { testPostgresDatabase } from '../../../test/postgres/testPostgresDatabase.ts';
import { bearer, createRoleProject, startTestServer, type ProjectCaller, type TestServer, type TestUser } from '../../../test/testServer.ts';
import type { Project } from '../../auth/ProjectStore.ts';
import { liveRecordingPath, liveRecordingRoot } from '../liveRecordingPath.ts';
import { LiveSessionStore } from '../LiveSessionStore.ts';

const RATE = 16_000;
let dir: string;
let a: TestServer;
let b: TestServer;
let project: Project;
let users: Record<ProjectCaller, TestUser>;

/** Every event of a response's Server-Sent Events until the stream ends, each with when it arrived. */
async function readEvents(response: Response, onEvent: (event: string, data: unknown, at: number) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body!) {
    const at = performance.now();
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event !== undefined) onEvent(event, data === undefined ? undefined : JSON.parse(data), at);
    }
  }
}

const post = (server: TestServer, path: string, body: unknown = {}) => server.fetch(path, { method: 'POST', headers: bearer(users.editor.token), body: JSON.stringify(body) });

// PostgreSQL whatever engine the run's other tests use: once per run is enough
describe.skipIf(testsUsePostgres())('a live session across two web processes', () => {
  beforeAll(async () => {
    const url = await testPostgresDatabase();
    dir = mkdtempSync(join(tmpdir(), 'vwb-live-processes-'));
    const shared = { database: url, workers: 0, modelDir: TEST_BUNDLE, mediaDir: join(dir, 'media'), modelStoreDir: join(dir, 'models') };
    mkdirSync(shared.mediaDir);
    a = await startTestServer(shared);
    b = await startTestServer(shared);
    ({ project, users } = await createRoleProject(a));
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('is seen live through the other, refuses a second source there, and stops through it once', async () => {
    const session = (await (await post(a, `/api/projects/${project.id}/live-sessions`, { title: 'Keynote' })).json()) as LiveSessionJson;
    // the link is made through B, the screen opens on B
    const link = (await (await post(b, `/api/live-sessions/${session.id}/viewer-link`)).json()) as LiveViewerLinkJson;
    const received: Array<{ event: string; data: unknown; at: number }> = [];
    const finalsOnScreen = () => received.filter((e) => e.event === 'caption' && (e.data as CaptionJson).final).length;
    let awaited: { finals: number; resolve: () => void } | undefined;
    const stream = await fetch(`${b.url}/live/view/${link.token}/events`);
    expect(stream.status).toBe(200);
    const screen = readEvents(stream, (event, data, at) => {
      received.push({ event, data, at });
      if (awaited !== undefined && finalsOnScreen() >= awaited.finals) awaited.resolve();
    });

    // the source on A; when each final reached it (A publishes a final to its source as it stores it)
    const source = await LiveTestSource.connect(a.url, session.id, { token: users.editor.token });
    const finalsAtSource = new Map<number, number>();
    source.socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = JSON.parse(data.toString()) as LiveServerMessage;
      if (message.type === 'caption' && message.caption.final) finalsAtSource.set(message.caption.seq, performance.now());
    });
    source.start();
    await source.next('ready');
    const gap = new Int16Array(0.8 * RATE);
    for (const i of [0, 1, 2]) {
      source.sendPcm(readWavPcm(join(TEST_BUNDLE, 'fixtures', `utt${i}.wav`)));
      source.sendPcm(gap);
    }

    // A holds the session: a second source through B is refused as any second source is
    const second = await LiveTestSource.connect(b.url, session.id, { token: users.editor.token });
    expect((await second.closed).code).toBe(LIVE_CLOSE_CODES.sourceConnected);
    expect(new LiveSessionStore(b.db).holder(session.id)).toBeDefined();

    source.end();
    const { finals } = await source.next('drained');
    expect(finals).toBeGreaterThan(0);
    const stored = new LiveSessionStore(b.db).listFinals(session.id);
    expect(stored).toHaveLength(finals);
    // B's screen has every final once A has drained, or as soon as B hears of the last
    if (finalsOnScreen() < finals) await new Promise<void>((resolve) => (awaited = { finals, resolve }));
    expect(finalsOnScreen()).toBe(finals);
    const vtt = await (await fetch(`${b.url}/live/view/${link.token}/captions.vtt`)).text();
    for (const final of stored.filter((f) => f.words.length > 0)) expect(vtt).toContain(final.words[0]!.text);

    // the stop through B: A (the holder) drains, finishes and tells everyone
    const stopped = (await (await post(b, `/api/live-sessions/${session.id}/stop`)).json()) as LiveSessionJson;
    expect(stopped.state).toBe('ended');
    expect(stopped.transcriptId).not.toBeNull();
    expect((await source.closed).code).toBe(LIVE_CLOSE_CODES.sessionEnded);
    await screen;

    const captions = received.filter((e) => e.event === 'caption').map((e) => e.data as CaptionJson);
    expect(captions.filter((c) => c.final)).toEqual(stored);
    expect(captions.some((c) => !c.final)).toBe(true);
    // a partial always has the number of the next final (stale ones were dropped)
    for (const [i, caption] of captions.entries()) if (!caption.final) expect(captions.slice(0, i).filter((c) => c.final).length).toBe(caption.seq);
    expect(received.at(-1)).toMatchObject({ event: 'ended', data: { transcriptId: stopped.transcriptId } });
    // made once: one recording, one transcript, and the session no longer held
    expect(b.db.prepare('SELECT count(*) AS n FROM transcripts WHERE project_id = ?').get(project.id)).toEqual({ n: 1 });
    expect(b.db.prepare('SELECT count(*) AS n FROM media WHERE project_id = ?').get(project.id)).toEqual({ n: 1 });
    expect(new LiveSessionStore(b.db).holder(session.id)).toBeUndefined();

    const latencies = captions
      .filter((c) => c.final)
      .map((c) => received.find((e) => e.event === 'caption' && (e.data as CaptionJson).final && (e.data as CaptionJson).seq === c.seq)!.at - finalsAtSource.get(c.seq)!)
      .sort((x, y) => x - y);
    console.info(`a final's latency from its source on A to a screen on B: median ${latencies[Math.floor(latencies.length / 2)]!.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms (${latencies.length} finals)`);
  }, 120_000);

  it('closes the screens open on one process when the link is revoked through the other', async () => {
    const session = (await (await post(a, `/api/projects/${project.id}/live-sessions`, { title: 'Workshop' })).json()) as LiveSessionJson;
    const link = (await (await post(a, `/api/live-sessions/${session.id}/viewer-link`)).json()) as LiveViewerLinkJson;
    const received: string[] = [];
    const stream = await fetch(`${a.url}/live/view/${link.token}/events`);
    expect(stream.status).toBe(200);
    const screen = readEvents(stream, (event) => received.push(event));
    const revoked = await b.fetch(`/api/live-sessions/${session.id}/viewer-link`, { method: 'DELETE', headers: bearer(users.editor.token) });
    expect(revoked.status).toBe(204);
    await screen;
    expect(received).toEqual(['revoked']);
  }, 60_000);

  // last: it shuts A down
  it('is handed over by a process that shuts down: the source resumes through the other on the same recording and clock', async () => {
    const session = (await (await post(a, `/api/projects/${project.id}/live-sessions`, { title: 'Panel' })).json()) as LiveSessionJson;
    const speech = [0, 1, 2].map((i) => readWavPcm(join(TEST_BUNDLE, 'fixtures', `utt${i}.wav`)));
    const gap = new Int16Array(0.8 * RATE);
    const first = await LiveTestSource.connect(a.url, session.id, { token: users.editor.token });
    first.start();
    await first.next('ready');
    first.sendPcm(speech[0]!);
    first.sendPcm(gap);
    first.end();
    const before = (await first.next('drained')).finals;
    await a.close();
    expect((await first.closed).code).toBe(LIVE_CLOSE_CODES.serverClosing);
    expect(new LiveSessionStore(b.db).holder(session.id)).toBeUndefined();

    // a process with a media directory of its own cannot reach the recording: it refuses rather than start it again
    const apart = await startTestServer({ database: b.config.database, workers: 0, modelDir: TEST_BUNDLE, modelStoreDir: b.config.modelStoreDir });
    try {
      const refused = await LiveTestSource.connect(apart.url, session.id, { token: users.editor.token });
      expect(await refused.closed).toMatchObject({ code: LIVE_CLOSE_CODES.sourceConnected, reason: expect.stringContaining('recording') });
      expect(new LiveSessionStore(b.db).holder(session.id)).toBeUndefined();
    } finally {
      await apart.close();
    }

    const resumed = await LiveTestSource.connect(b.url, session.id, { token: users.editor.token });
    resumed.start({ offsetSamples: speech[0]!.length + gap.length });
    const ready = await resumed.next('ready');
    expect(ready.receivedSamples).toBe(speech[0]!.length + gap.length);
    for (const part of speech.slice(1)) {
      resumed.sendPcm(part);
      resumed.sendPcm(gap);
    }
    resumed.end();
    const after = (await resumed.next('drained')).finals;
    expect(after).toBeGreaterThanOrEqual(before);
    const finals = new LiveSessionStore(b.db).listFinals(session.id);
    expect(finals.map((c) => c.seq)).toEqual(finals.map((_, i) => i));
    const whole = new Int16Array(speech.reduce((n, part) => n + part.length + gap.length, 0));
    let at = 0;
    for (const part of speech) {
      whole.set(part, at);
      at += part.length + gap.length;
    }
    expect(new Int16Array(readFileSync(liveRecordingPath(liveRecordingRoot(b.config), session.id)).buffer.slice(0))).toEqual(whole);
    const stopped = (await (await post(b, `/api/live-sessions/${session.id}/stop`)).json()) as LiveSessionJson;
    expect(stopped).toMatchObject({ state: 'ended', receivedSeconds: whole.length / RATE });
  }, 120_000);
});
