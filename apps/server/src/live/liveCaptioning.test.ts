import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiveSessionJson } from '@verbatim/core/api';
import { readTranscriptTurns } from '@verbatim/core/document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveTestSource, readWavPcm } from '../../test/liveTestSource.ts';
import { TEST_BUNDLE } from '../../test/modelStoreFixtures.ts';
import { appendingPlugin, createTestPluginDir, testPluginPackage, type TestPluginDir } from '../../test/pluginTestFixtures.ts';
import { bearer, startTestServer, type TestServer, type TestUser } from '../../test/testServer.ts';
import { AccountStore } from '../auth/AccountStore.ts';
import { ApiTokenStore } from '../auth/ApiTokenStore.ts';
import { ProjectStore } from '../auth/ProjectStore.ts';
import type { ServerConfig } from '../config/ServerConfig.ts';
import { openDatabase } from '../db/openDatabase.ts';
import { DATABASE_FILE } from '../http/createServerContext.ts';
import type { Logger } from '../http/Logger.ts';
import { startServer } from '../http/startServer.ts';
import { PluginChangeStore } from '../plugins/PluginChangeStore.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { LiveSessionStore } from './LiveSessionStore.ts';
import { liveRecordingPath, liveRecordingRoot } from './liveRecordingPath.ts';

const RATE = 16_000;
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** The model's three fixture utterances with 0.8 s of silence after each (about 6 s). */
function fixtureSpeech(): Int16Array {
  const gap = new Int16Array(0.8 * RATE);
  const parts = [0, 1, 2].flatMap((i) => [readWavPcm(join(TEST_BUNDLE, 'fixtures', `utt${i}.wav`)), gap]);
  const speech = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    speech.set(part, at);
    at += part.length;
  }
  return speech;
}

/** espeak-ng's default voice reading a sentence with the plugin's term in it, as 16 kHz PCM, then 0.8 s of silence. */
function spokenTerm(): Int16Array {
  const raw = execFileSync('sh', ['-c', 'espeak-ng --stdout "milwaukee is where she lives with her two sisters" | sox -t wav - -t raw -r 16000 -e signed -b 16 -c 1 -'], { maxBuffer: 1 << 24 });
  const pcm = new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength >> 1);
  const speech = new Int16Array(pcm.length + 0.8 * RATE);
  speech.set(pcm);
  return speech;
}

async function streamAll(source: LiveTestSource, pcm: Int16Array, offsetSamples = 0): Promise<number> {
  source.start({ offsetSamples });
  await source.next('ready');
  source.sendPcm(pcm);
  source.end();
  return (await source.next('drained')).finals;
}

describe('live captions with the project\'s plugins', { timeout: 60_000 }, () => {
  let plugins: TestPluginDir;
  let server: TestServer;
  let owner: TestUser;
  let projectId: string;

  beforeAll(async () => {
    plugins = createTestPluginDir();
    // "tag" boosts a place name shown capitalised, and appends "tagged" to whatever its post-processor is given. The
    // model writes lower case only, so "Milwaukee" in a caption can come only from this vocabulary's displayAs. Like a
    // team's own entry, it lists how the recogniser mishears the name (soundsLike): acoustic model 1.6.0 hears espeak's
    // "milwaukee" as "millwake" or "mil wake", and with the boost "milwauke" (one letter short: the bonus of a phrase
    // left before its end is taken back); 1.5.0 heard it right. The name opens the sentence: after "in", 1.8.0 ran the
    // two together ("inmillwacke"), which no entry can match as whole words; opening it, the boost alone spells it
    const term = { phrase: 'milwaukee', soundsLike: ['milwauke', 'millwake', 'mil wake'], displayAs: 'Milwaukee' };
    plugins.write(
      'tag',
      testPluginPackage('tag', '1.0.0', { vocabularies: [{ id: 'tag.words', title: 'Tag words', path: 'terms.json' }], postProcessors: [{ id: 'tag.append', title: 'Append a tag' }] }),
      { 'index.js': appendingPlugin('tag.append', 'tagged'), 'terms.json': JSON.stringify([term]) },
    );
    server = await startTestServer({ modelDir: TEST_BUNDLE, pluginDirs: [plugins.dir] });
    owner = await server.createUser('owner');
    projectId = server.projects.createProject('Talks', owner.user.id).id;
    const enabled = await server.fetch(`/api/projects/${projectId}/plugins/tag`, { method: 'PUT', headers: bearer(owner.token) });
    expect(enabled.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    plugins?.remove();
  }, 30_000);

  it('applies the plugins\' post-processors once to each final and never to partials; their vocabulary decodes', async () => {
    const created = await server.fetch(`/api/projects/${projectId}/live-sessions`, { method: 'POST', headers: bearer(owner.token), body: JSON.stringify({ title: 'Talk' }) });
    const session = (await created.json()) as LiveSessionJson;
    const source = await LiveTestSource.connect(server.url, session.id, { token: owner.token });
    const finals = await streamAll(source, spokenTerm());
    expect(finals).toBeGreaterThan(0);
    const captions = source.captions();
    for (const caption of captions.filter((c) => c.final)) {
      expect(caption.words.map((w) => w.text).filter((t) => t === 'tagged')).toEqual(['tagged']);
      expect(caption.words.at(-1)!.text).toBe('tagged');
      expect(caption.text.endsWith(' tagged')).toBe(true);
    }
    expect(captions.filter((c) => !c.final).some((c) => c.words.some((w) => w.text === 'tagged'))).toBe(false);
    expect(new LiveSessionStore(server.db).listFinals(session.id)).toEqual(captions.filter((c) => c.final));
    expect(captions.filter((c) => c.final).map((c) => c.text).join(' ')).toContain('Milwaukee');

    // the session's transcript is made as a job's: the plugins' words, the recogniser's own as the original words,
    // the plugin recorded, and what its post-processor changed (over the whole transcript's words)
    const stopped = await server.fetch(`/api/live-sessions/${session.id}/stop`, { method: 'POST', headers: bearer(owner.token), body: JSON.stringify({ retranscribe: false }) });
    const ended = (await stopped.json()) as LiveSessionJson;
    expect(ended.state).toBe('ended');
    const transcripts = new TranscriptStore(server.db);
    const transcript = transcripts.get(ended.transcriptId!)!;
    expect(transcript.plugins).toEqual([{ id: 'tag', version: '1.0.0' }]);
    const shown = readTranscriptTurns(new DocumentStore(server.db).load(transcript.id)).flatMap((s) => s.words.map((w) => w.text));
    const original = transcripts.originalSegments(transcript.id)!.flatMap((s) => s.words.map((w) => w.text));
    expect(shown.filter((t) => t === 'tagged')).toHaveLength(finals);
    expect(original).not.toContain('tagged');
    expect(original).toContain('Milwaukee');
    expect(original).toEqual(shown.filter((t) => t !== 'tagged'));
    const changes = new PluginChangeStore(server.db).list(transcript.id);
    expect(changes).toHaveLength(finals);
    // replaying the changes in order over the original words gives the words shown
    const replayed = [...original];
    for (const change of changes) replayed.splice(change.to, change.fromEnd - change.from, ...change.after.split(' ').filter((t) => t !== ''));
    expect(replayed).toEqual(shown);
    source.socket.close();
  });
});

describe('a live session across a server restart', { timeout: 120_000 }, () => {
  let dir: string;
  let config: ServerConfig;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vwb-live-restart-'));
    config = {
      port: 0,
      host: '127.0.0.1',
      dataDir: join(dir, 'data'),
      modelDir: TEST_BUNDLE,
      webDir: join(dir, 'web'),
      workers: 1,
      uploadLimitBytes: 1024 ** 3,
      publicUrl: undefined,
      secureCookies: false,
      pluginDirs: [],
      plugins: [],
      pluginErrors: 'skip',
      pluginTimeoutMs: 5000,
      pluginMemoryMb: 256,
    };
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('continues the recording, the clock and the numbering of finals where the first server left them', async () => {
    const speech = fixtureSpeech();
    const half = 3 * RATE;
    const first = await startServer(config, { logger: quiet, print: () => {}, closeGraceMs: 2000 });
    const db = openDatabase(join(config.dataDir, DATABASE_FILE));
    let sessionId: string;
    let token: string;
    let firstFinals: number;
    try {
      const user = await new AccountStore(db, { hashParams: { logN: 10, r: 8, p: 1 } }).createUser({ email: 'op@example.org', password: 'operator password 1', displayName: 'Op', isAdmin: false });
      token = new ApiTokenStore(db).create(user.id, 'source').token;
      const projectId = new ProjectStore(db).createProject('Talks', user.id).id;
      const created = await fetch(`${first.url}/api/projects/${projectId}/live-sessions`, { method: 'POST', headers: bearer(token), body: JSON.stringify({ title: 'Talk' }) });
      sessionId = ((await created.json()) as LiveSessionJson).id;
      const source = await LiveTestSource.connect(first.url, sessionId, { token });
      firstFinals = await streamAll(source, speech.subarray(0, half));
      expect(firstFinals).toBeGreaterThan(0);
      await first.close();
      expect(await source.closed).toMatchObject({ code: 4503 });
    } finally {
      await first.close();
    }

    const second = await startServer(config, { logger: quiet, print: () => {}, closeGraceMs: 2000 });
    try {
      const source = await LiveTestSource.connect(second.url, sessionId, { token });
      source.start({ offsetSamples: half });
      const ready = await source.next('ready');
      expect(ready.receivedSamples).toBe(half);
      expect(ready.recentFinals.at(-1)?.seq).toBe(firstFinals - 1);
      source.sendPcm(speech.subarray(half));
      source.end();
      const total = (await source.next('drained')).finals;
      expect(total).toBeGreaterThan(firstFinals);
      const finals = new LiveSessionStore(db).listFinals(sessionId);
      expect(finals.map((c) => c.seq)).toEqual(finals.map((_, i) => i));
      // the second server's finals lie after the first's on the one clock
      expect(finals[firstFinals]!.startMs).toBeGreaterThanOrEqual(finals[firstFinals - 1]!.endMs);
      expect(finals[firstFinals]!.startMs).toBeGreaterThanOrEqual(Math.floor((half / RATE) * 1000) - 1000);
      expect(new Int16Array(readFileSync(liveRecordingPath(liveRecordingRoot(config), sessionId)).buffer.slice(0))).toEqual(speech);
      source.socket.close();
    } finally {
      await second.close();
      db.close();
    }
  });
});
