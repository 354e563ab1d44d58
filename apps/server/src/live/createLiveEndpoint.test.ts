import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveCaptioner } from '@verbatim/asr/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveTestSource, readWavPcm } from '../../test/liveTestSource.ts';
import { TEST_BUNDLE } from '../../test/modelStoreFixtures.ts';
import type { ServerConfig } from '../config/ServerConfig.ts';
import { createServerContext, type ServerContext } from '../http/createServerContext.ts';
import type { Logger } from '../http/Logger.ts';
import { identityOf } from '../models/ModelRegistry.ts';
import { VocabularyStore } from '../vocabulary/VocabularyStore.ts';
import { seedBundledModel } from '../models/seedBundledModel.ts';
import { createLiveEndpoint, type LiveEndpoint, type LiveEndpointOptions } from './createLiveEndpoint.ts';
import { LiveHub } from './LiveHub.ts';
import { liveRecordingPath } from './liveRecordingPath.ts';
import { LiveSessionStore } from './LiveSessionStore.ts';

const RATE = 16_000;
let dir: string;
let context: ServerContext;
let store: LiveSessionStore;
let endpoint: LiveEndpoint | undefined;
let http: Server | undefined;
let token: string;
let sessionId: string;
let logged: string[];
let onLog: ((message: string) => void) | undefined;

const logger: Logger = {
  info: (_fields, message) => {
    logged.push(message);
    onLog?.(message);
  },
  warn: (_fields, message) => void logged.push(message),
  error: (_fields, message) => void logged.push(message),
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-live-endpoint-'));
  logged = [];
  const config = { port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), modelDir: TEST_BUNDLE, webDir: join(dir, 'web'), workers: 1, uploadLimitBytes: 1024 ** 3, publicUrl: undefined, secureCookies: false, pluginDirs: [], plugins: [], pluginErrors: 'skip', pluginTimeoutMs: 5000, pluginMemoryMb: 256 } satisfies ServerConfig;
  context = createServerContext(config, { logger });
  const { model } = await seedBundledModel(context.models, TEST_BUNDLE);
  const user = await context.accounts.createUser({ email: 'op@example.org', password: 'operator password 1', displayName: 'Op', isAdmin: false });
  token = context.tokens.create(user.id, 'source').token;
  const projectId = context.projects.createProject('Talks', user.id).id;
  store = new LiveSessionStore(context.db);
  sessionId = store.create({ projectId, title: 'Talk', createdBy: user.id, model: identityOf(model), sampleRate: RATE }).id;
}, 60_000);

afterEach(async () => {
  await endpoint?.destroy();
  await new Promise((resolve) => (http === undefined ? resolve(undefined) : http.close(resolve)));
  endpoint = undefined;
  http = undefined;
  context.dispose();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

async function serve(options: Partial<LiveEndpointOptions>): Promise<string> {
  const { db, sessions, tokens, projects, accounts, models } = context;
  const live = createLiveEndpoint({ db, sessions, tokens, projects, accounts, models, live: store, hub: new LiveHub(store), dataDir: join(dir, 'data'), logger, ...options });
  endpoint = live;
  http = createServer();
  http.on('upgrade', (request, socket, head) => {
    if (!live.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

const speech = () => readWavPcm(join(TEST_BUNDLE, 'fixtures', 'utt1.wav'));

describe('createLiveEndpoint', { timeout: 60_000 }, () => {
  it('puts a session whose source left to rest (its pending words final), and resumes it when a source comes back', async () => {
    const url = await serve({ restAfterMs: 20 });
    const pcm = speech();
    const rested = new Promise<void>((resolve) => (onLog = (message) => message.startsWith('put a live session') && resolve()));
    const first = await LiveTestSource.connect(url, sessionId, { token });
    first.start();
    await first.next('ready');
    first.sendPcm(pcm);
    await first.next('ack', (a) => a.receivedSamples === pcm.length);
    first.socket.close();
    await rested;
    // no end was sent: resting made the words still pending final
    const finals = store.listFinals(sessionId);
    expect(finals.length).toBeGreaterThan(0);
    expect(store.get(sessionId)?.receivedSamples).toBe(pcm.length);

    const second = await LiveTestSource.connect(url, sessionId, { token });
    second.start({ offsetSamples: pcm.length });
    expect((await second.next('ready')).recentFinals.at(-1)).toEqual(finals.at(-1));
    second.sendPcm(pcm);
    second.end();
    expect((await second.next('drained')).finals).toBeGreaterThan(finals.length);
    const recorded = new Int16Array(readFileSync(liveRecordingPath(join(dir, 'data'), sessionId)).buffer.slice(0));
    expect(recorded).toEqual(Int16Array.from([...pcm, ...pcm]));
    second.socket.close();
  });

  it('recognises at stop the audio a shutdown left undecoded, so its words reach the finals', async () => {
    const url = await serve({});
    const pcm = speech();
    const source = await LiveTestSource.connect(url, sessionId, { token });
    source.start();
    await source.next('ready');
    source.sendPcm(pcm);
    await source.next('ack', (a) => a.receivedSamples === pcm.length);
    // shut down with the last words still pending (no end, no rest)
    await endpoint!.destroy();
    await source.closed;
    const before = store.listFinals(sessionId).length;
    await new Promise((resolve) => http!.close(resolve));
    http = undefined;

    // the next server stops the session without any source coming back
    await serve({});
    expect(store.transition(sessionId, 'live', 'stopping')).toBe(true);
    await endpoint!.stop(sessionId);
    const finals = store.listFinals(sessionId);
    expect(finals.length).toBeGreaterThan(before);
    expect(finals.map((c) => c.seq)).toEqual(finals.map((_, i) => i));
    expect(finals.at(-1)!.endMs).toBeLessThanOrEqual(Math.ceil((pcm.length / RATE) * 1000));
  });

  it('refuses a second source while the first is heard from, and lets it take over from one gone silent', async () => {
    let clock = store.get(sessionId)!.createdAt;
    const url = await serve({ now: () => clock });
    const first = await LiveTestSource.connect(url, sessionId, { token });
    first.start();
    await first.next('ready');
    first.sendPcm(new Int16Array(1600));
    await first.next('ack', (a) => a.receivedSamples === 1600);
    const second = await LiveTestSource.connect(url, sessionId, { token });
    expect(await second.closed).toMatchObject({ code: 4409, reason: expect.stringContaining('only one') });
    // nothing heard from the first for longer than a live source is ever silent (a connection cut without a close)
    clock += 6_000;
    const third = await LiveTestSource.connect(url, sessionId, { token });
    expect(await first.closed).toMatchObject({ code: 4409, reason: expect.stringContaining('took over') });
    third.start({ offsetSamples: 1600 });
    expect((await third.next('ready')).receivedSamples).toBe(1600);
    expect(endpoint!.isSourceConnected(sessionId)).toBe(true);
    third.socket.close();
  });

  it('lets a source back from a 30 s outage catch up (at twice real time) until it is live again', async () => {
    const createdAt = store.get(sessionId)!.createdAt;
    // ms since the session was created
    let t = 0;
    const url = await serve({ now: () => createdAt + t, openCaptioner: () => Promise.reject(new Error('no captions needed')), limits: { ackIntervalMs: 5 } });
    const first = await LiveTestSource.connect(url, sessionId, { token });
    first.start();
    await first.next('ready');
    // 10 s at real time, then the network goes
    for (let s = 1; s <= 10; s++) {
      t = s * 1000;
      first.sendPcm(new Int16Array(RATE));
      await first.next('ack', (a) => a.receivedSamples === s * RATE);
    }
    first.socket.terminate();
    await first.closed;
    // back 30 s later with what it captured meanwhile: it sends 2 s of audio per second until it has caught up
    t = 40_000;
    const back = await LiveTestSource.connect(url, sessionId, { token });
    back.start({ offsetSamples: 10 * RATE });
    expect((await back.next('ready')).receivedSamples).toBe(10 * RATE);
    let sent = 10 * RATE;
    while (sent < (t / 1000) * RATE) {
      t += 1000;
      const n = Math.min(2 * RATE, (t / 1000) * RATE - sent);
      back.sendPcm(new Int16Array(n));
      sent += n;
      await back.next('ack', (a) => a.receivedSamples === sent);
    }
    // 30 s behind, gaining a second a second: live again 30 s later, and still connected
    expect(t).toBe(70_000);
    expect(sent).toBe(70 * RATE);
    expect(endpoint!.isSourceConnected(sessionId)).toBe(true);
    back.socket.close();
    await back.closed;
  });

  it('closes a source that sends 20 s at once at the start, or gets ahead of the session by reconnecting (4429)', async () => {
    const session = store.get(sessionId)!;
    let clock = session.createdAt;
    const url = await serve({ now: () => clock, openCaptioner: () => Promise.reject(new Error('no captions needed')) });
    const flood = await LiveTestSource.connect(url, sessionId, { token });
    flood.start();
    await flood.next('ready');
    flood.sendPcm(new Int16Array(20 * RATE));
    expect(await flood.closed).toMatchObject({ code: 4429, reason: expect.stringContaining('real time') });

    // a fresh session: each connection sends within its own burst, but together they run ahead of the session's clock
    const other = store.create({ projectId: session.projectId, title: 'Another talk', createdBy: session.createdBy!, model: session.model, sampleRate: RATE });
    clock = other.createdAt;
    const one = await LiveTestSource.connect(url, other.id, { token });
    one.start();
    await one.next('ready');
    one.sendPcm(new Int16Array(9 * RATE));
    await one.next('ack', (a) => a.receivedSamples === 9 * RATE);
    one.socket.close();
    await one.closed;
    const two = await LiveTestSource.connect(url, other.id, { token });
    two.start({ offsetSamples: 9 * RATE });
    await two.next('ready');
    two.sendPcm(new Int16Array(2 * RATE));
    expect(await two.closed).toMatchObject({ code: 4429, reason: expect.stringContaining('after it began') });
  });

  it('captions without a project vocabulary the model cannot use, and says so', async () => {
    const projectId = store.get(sessionId)!.projectId;
    new VocabularyStore(context.db).add(projectId, { phrase: 'Ωμέγα' }, null);
    const url = await serve({});
    const pcm = speech();
    const source = await LiveTestSource.connect(url, sessionId, { token });
    source.start();
    await source.next('ready');
    source.sendPcm(pcm);
    expect(await source.next('error')).toMatchObject({ code: 'vocabulary-unusable' });
    source.end();
    expect((await source.next('drained')).finals).toBeGreaterThan(0);
    source.socket.close();
  });

  it('records a session whose model cannot be loaded, says so, and drains with no captions', async () => {
    const url = await serve({ openCaptioner: () => Promise.reject(new Error('the model file is damaged')) });
    const pcm = speech();
    const source = await LiveTestSource.connect(url, sessionId, { token });
    source.start();
    await source.next('ready');
    expect(await source.next('error')).toMatchObject({ code: 'recognizer-unavailable' });
    source.sendPcm(pcm);
    source.end();
    expect((await source.next('drained')).finals).toBe(0);
    expect(new Int16Array(readFileSync(liveRecordingPath(join(dir, 'data'), sessionId)).buffer.slice(0))).toEqual(pcm);
    expect(logged).toContain('could not load the live captioner; recording without captions');
    source.socket.close();
  });

  it('replaces a captioner that gave up for good at the next activation, and says so only when the fresh one fails too', async () => {
    const opened: LiveCaptioner[] = [];
    const url = await serve({
      openCaptioner: async (bundleDir) => {
        if (opened.length === 2) throw new Error('the model file is damaged');
        const captioner = await LiveCaptioner.open({ bundleDir, threads: 1 });
        opened.push(captioner);
        return captioner;
      },
    });
    const pcm = speech();
    const session = store.get(sessionId)!;
    const captionOne = async (id: string) => {
      const source = await LiveTestSource.connect(url, id, { token });
      source.start();
      await source.next('ready');
      source.sendPcm(pcm);
      source.end();
      const drained = await source.next('drained');
      source.socket.close();
      await source.closed;
      return { drained, errors: source.messages.filter((m) => m.type === 'error') };
    };
    expect((await captionOne(sessionId)).drained.finals).toBeGreaterThan(0);
    // the captioner stops taking sessions for good (as one whose worker kept stopping does)
    await opened[0]!.dispose();
    const next = store.create({ projectId: session.projectId, title: 'Next talk', createdBy: session.createdBy!, model: session.model, sampleRate: RATE });
    const second = await captionOne(next.id);
    expect(second.errors).toEqual([]);
    expect(second.drained.finals).toBeGreaterThan(0);
    expect(opened).toHaveLength(2);
    expect(logged).toContain('the live captioner had given up; opening a fresh one');
    // the fresh one gives up too, and the one after it cannot be opened: now the source is told
    await opened[1]!.dispose();
    const third = store.create({ projectId: session.projectId, title: 'Last talk', createdBy: session.createdBy!, model: session.model, sampleRate: RATE });
    const last = await captionOne(third.id);
    expect(last.errors).toMatchObject([{ code: 'recognizer-unavailable' }]);
    expect(last.drained.finals).toBe(0);
  });

  it('sends no partials to a source that has unsent data above the limit, and drops one above the hard limit', async () => {
    let url = await serve({ limits: { dropPartialsAboveBytes: -1 } });
    const pcm = speech();
    const quiet = await LiveTestSource.connect(url, sessionId, { token });
    quiet.start();
    await quiet.next('ready');
    quiet.sendPcm(pcm);
    quiet.end();
    await quiet.next('drained');
    expect(quiet.captions(true).length).toBeGreaterThan(0);
    expect(quiet.captions().filter((c) => !c.final)).toEqual([]);
    expect(quiet.messages.some((m) => m.type === 'ack')).toBe(false);
    quiet.socket.close();
    await quiet.closed;
    await endpoint!.destroy();
    await new Promise((resolve) => http!.close(resolve));

    url = await serve({ limits: { maxBufferedBytes: -1 } });
    const stuck = await LiveTestSource.connect(url, sessionId, { token });
    stuck.start();
    expect(await stuck.closed).toMatchObject({ code: 1008, reason: expect.stringContaining('does not read') });
  });
});
