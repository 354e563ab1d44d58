// A live session whose model's captioner did not open at activation (e.g. its files were being rebuilt) tries again
// while audio comes in, and once it opens decodes what was recorded meanwhile: real captioner, database, recording.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveCaptioner } from '@verbatim/asr/node';
import type { CaptionJson } from '@verbatim/core/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWavPcm } from '../../test/liveTestSource.ts';
import { TEST_BUNDLE } from '../../test/modelStoreFixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../test/queueTestDatabase.ts';
import type { Logger } from '../http/Logger.ts';
import { ActiveLiveSession } from './ActiveLiveSession.ts';
import type { Captioner } from './LiveCaptioning.ts';
import { LiveHub } from './LiveHub.ts';
import { LiveRecording } from './LiveRecording.ts';
import { LiveSessionStore } from './LiveSessionStore.ts';

const RATE = 16_000;
const MODEL = { id: 'verbatim-en-char', version: '1.0.0', sha256: 'ab'.repeat(32) };

let dir: string;
let t: TestDatabase;
let opened: LiveCaptioner[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-active-live-'));
  t = createTestDatabase();
  opened = [];
});

afterEach(async () => {
  for (const captioner of opened) await captioner.dispose();
  t.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** A logger that resolves `next(pattern)` when a line matching it is logged. */
function waitingLogger(): Logger & { next(pattern: RegExp): Promise<string> } {
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const log = (_fields: unknown, message?: string) => {
    const line = message ?? String(_fields);
    lines.push(line);
    for (const w of waiters.filter((w) => w.pattern.test(line))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  };
  return {
    info: log,
    warn: log,
    error: log,
    next: (pattern) => {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) {
        lines.splice(lines.indexOf(seen), 1);
        return Promise.resolve(seen);
      }
      return new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
  } as Logger & { next(pattern: RegExp): Promise<string> };
}

describe('ActiveLiveSession', () => {
  it('opens the captioner again while audio comes in, and captions what was recorded before it opened', { timeout: 60_000 }, async () => {
    const store = new LiveSessionStore(t.db);
    const userId = crypto.randomUUID();
    t.db.prepare(`INSERT INTO users (id, email, display_name, password_hash, is_admin, created_at) VALUES (?, ?, 'Op', 'x', 0, 0)`).run(userId, `${userId}@example.org`);
    const session = store.create({ projectId: t.addProject(), title: 'Talk', createdBy: userId, model: MODEL, sampleRate: RATE });
    const logger = waitingLogger();
    let clock = 0;
    let tries = 0;
    // the first try fails as a half-written model would; the second opens the bundle
    const reopenCaptioner = async (): Promise<Captioner> => {
      const captioner = await LiveCaptioner.open({ bundleDir: ++tries === 1 ? join(dir, 'no-model-here') : TEST_BUNDLE, threads: 1 });
      opened.push(captioner);
      return captioner;
    };
    const active = new ActiveLiveSession(session.id, {
      store,
      hub: new LiveHub(store),
      recording: new LiveRecording(join(dir, `${session.id}.pcm`)),
      sampleRate: RATE,
      captioner: undefined,
      decoding: { vocabulary: [], postProcess: async (caption: CaptionJson) => caption },
      reopenCaptioner,
      reopenIntervalMs: 5000,
      now: () => clock,
      logger,
    });
    const speech = readWavPcm(join(TEST_BUNDLE, 'fixtures', 'utt0.wav'));
    const bytes = (from: number, to: number) => new Uint8Array(speech.buffer, speech.byteOffset + from * 2, (to - from) * 2);
    const third = Math.floor(speech.length / 3);

    expect(active.captioning).toBe(false);
    active.accept(bytes(0, third)); // too soon after activation: no try
    expect(tries).toBe(0);
    clock = 5000;
    active.accept(bytes(third, third + 1600));
    await logger.next(/still does not open/)
    expect(active.captioning).toBe(false);
    active.accept(bytes(third + 1600, third + 3200)); // too soon after the failed try
    expect(tries).toBe(1);
    clock = 10_000;
    active.accept(bytes(third + 3200, 2 * third));
    await logger.next(/captioning resumes/)
    expect(active.captioning).toBe(true);
    active.accept(bytes(2 * third, speech.length));
    const finals = await active.drain()
    expect(tries).toBe(2);
    expect(finals).toBeGreaterThan(0);
    const captions = store.listFinals(session.id);
    // the audio recorded before the captioner opened was decoded too: the captions start in the first third
    expect(captions[0]!.startMs).toBeLessThan((third / RATE) * 1000);
    expect(captions.flatMap((c) => c.words).length).toBeGreaterThan(2);
    active.close();
  });

  it("starts the model's recognition with the session's word LM mode, and captions with it", { timeout: 60_000 }, async () => {
    const store = new LiveSessionStore(t.db);
    const userId = crypto.randomUUID();
    t.db.prepare(`INSERT INTO users (id, email, display_name, password_hash, is_admin, created_at) VALUES (?, ?, 'Op', 'x', 0, 0)`).run(userId, `${userId}@example.org`);
    const session = store.create({ projectId: t.addProject(), title: 'Talk', createdBy: userId, model: MODEL, sampleRate: RATE, lm: 'off' });
    const real = await LiveCaptioner.open({ bundleDir: TEST_BUNDLE, threads: 1 });
    opened.push(real);
    // the real captioner, its starts noted
    const started: { lm?: string | undefined }[] = [];
    const captioner: Captioner = {
      startSession: (id, options) => {
        started.push({ lm: options?.lm });
        return real.startSession(id, options);
      },
      push: (id, pcm) => real.push(id, pcm),
      end: (id) => real.end(id),
      close: (id) => real.close(id),
      on: (id, listener) => real.on(id, listener),
      dispose: () => real.dispose(),
      get usable() {
        return real.usable;
      },
    };
    const active = new ActiveLiveSession(session.id, {
      store,
      hub: new LiveHub(store),
      recording: new LiveRecording(join(dir, `${session.id}.pcm`)),
      sampleRate: RATE,
      captioner,
      decoding: { vocabulary: [], postProcess: async (caption: CaptionJson) => caption },
      lm: store.get(session.id)!.lm,
    });
    const speech = readWavPcm(join(TEST_BUNDLE, 'fixtures', 'utt0.wav'));
    active.accept(new Uint8Array(speech.buffer, speech.byteOffset, speech.length * 2));
    expect(await active.drain()).toBeGreaterThan(0);
    expect(started).toEqual([{ lm: 'off' }]);
    expect(store.listFinals(session.id).flatMap((c) => c.words).length).toBeGreaterThan(2);
    active.close();
  });
});
