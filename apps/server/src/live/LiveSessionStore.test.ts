import type { CaptionJson } from '@verbatim/core/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/queueTestDatabase.ts';
import { LiveHub } from './LiveHub.ts';
import { toLiveSessionJson } from './LiveSession.ts';
import { LiveSessionStore } from './LiveSessionStore.ts';

const MODEL = { id: 'verbatim-en-char', version: '1.0.0', sha256: 'ab'.repeat(32) };
const final = (seq: number, text: string): CaptionJson => ({
  seq,
  final: true,
  text,
  startMs: seq * 1000,
  endMs: seq * 1000 + 500,
  words: [{ text, startMs: seq * 1000, endMs: seq * 1000 + 500, confidence: 0.9 }],
});

let t: TestDatabase;
let clock: number;
let store: LiveSessionStore;
let projectId: string;
let userId: string;

beforeEach(() => {
  t = createTestDatabase();
  clock = 1_000;
  store = new LiveSessionStore(t.db, { now: () => clock });
  projectId = t.addProject();
  userId = crypto.randomUUID();
  t.db.prepare(`INSERT INTO users (id, email, display_name, password_hash, is_admin, created_at) VALUES (?, ?, 'Op', 'x', 0, 0)`).run(userId, `${userId}@example.org`);
});

afterEach(() => t.dispose());

describe('LiveSessionStore', () => {
  it('creates a live session and moves it through stopping to ended with what was made of it', () => {
    const session = store.create({ projectId, title: 'Keynote', createdBy: userId, model: MODEL, sampleRate: 16000 });
    expect(toLiveSessionJson(session)).toMatchObject({ state: 'live', title: 'Keynote', createdBy: userId, createdAt: 1_000, endedAt: null, model: MODEL, receivedSeconds: 0, finals: 0, viewerLink: { active: false, createdAt: null } });
    store.setReceivedSamples(session.id, 24_000);
    expect(toLiveSessionJson(store.get(session.id)!, true)).toMatchObject({ receivedSeconds: 1.5, sourceConnected: true });
    expect(store.transition(session.id, 'live', 'stopping')).toBe(true);
    expect(store.transition(session.id, 'live', 'stopping')).toBe(false);
    expect(store.listInState('stopping').map((s) => s.id)).toEqual([session.id]);
    clock = 5_000;
    store.setFinished(session.id, { mediaId: 'm', transcriptId: 't', retranscribeJobId: null });
    expect(store.get(session.id)).toMatchObject({ state: 'ended', endedAt: 5_000, mediaId: 'm', transcriptId: 't', error: null });
    expect(store.list(projectId).map((s) => s.id)).toEqual([session.id]);
  });

  it('stores finals in order only, and answers the last few', () => {
    const { id } = store.create({ projectId, title: 'Talk', createdBy: userId, model: MODEL, sampleRate: 16000 });
    store.appendFinal(id, final(0, 'hello'));
    store.appendFinal(id, final(1, 'world'));
    expect(() => store.appendFinal(id, final(1, 'again'))).toThrow(/not its next final/);
    expect(() => store.appendFinal(id, final(3, 'skipped'))).toThrow(/not its next final/);
    expect(() => store.appendFinal(id, { ...final(2, 'partial'), final: false })).toThrow(/Only final/);
    store.appendFinal(id, final(2, 'again'));
    expect(store.get(id)!.finals).toBe(3);
    expect(store.listFinals(id).map((c) => c.text)).toEqual(['hello', 'world', 'again']);
    expect(new LiveHub(store).recentFinals(id, 2).map((c) => c.seq)).toEqual([1, 2]);
  });

  it("keeps each final's provenance (the recogniser's words, the plugins) beside the caption as shown", () => {
    const { id } = store.create({ projectId, title: 'Talk', createdBy: userId, model: MODEL, sampleRate: 16000 });
    const shown = { ...final(0, '5 mg'), words: [{ text: '5', startMs: 0, endMs: 250, confidence: 0.9 }, { text: 'mg', startMs: 250, endMs: 500, confidence: 0.9 }] };
    const provenance = {
      words: [{ text: 'five', startMs: 0, endMs: 250, confidence: 0.9 }, { text: 'milligrams', startMs: 250, endMs: 500, confidence: 0.9 }],
      plugins: [{ id: 'medical', version: '1.0.0' }],
      changes: [{ pluginId: 'medical', processorId: 'medical.dose', before: 'five milligrams', after: '5 mg', from: 0, fromEnd: 2, to: 0, toEnd: 2 }],
    };
    store.appendFinal(id, shown, provenance);
    store.appendFinal(id, final(1, 'daily'));
    expect(store.listFinalRecords(id)).toEqual([{ caption: shown, provenance }, { caption: final(1, 'daily') }]);
    // what viewers get is the caption as shown
    expect(store.listFinals(id)).toEqual([shown, final(1, 'daily')]);
  });

  it('finds a session by its viewer token hash until the link is revoked, and records a failure', () => {
    const { id } = store.create({ projectId, title: 'Talk', createdBy: userId, model: MODEL, sampleRate: 16000 });
    store.setViewerToken(id, 'cd'.repeat(32), 2_000);
    expect(store.findByViewerTokenHash('cd'.repeat(32))?.id).toBe(id);
    expect(toLiveSessionJson(store.get(id)!).viewerLink).toEqual({ active: true, createdAt: 2_000 });
    store.setViewerToken(id, null, null);
    expect(store.findByViewerTokenHash('cd'.repeat(32))).toBeUndefined();
    store.setFailed(id, 'the recording is unreadable');
    expect(store.get(id)).toMatchObject({ state: 'failed', error: 'the recording is unreadable', endedAt: 1_000 });
  });

  it('goes with its project, and keeps the session when its operator\'s account goes', () => {
    const { id } = store.create({ projectId, title: 'Talk', createdBy: userId, model: MODEL, sampleRate: 16000 });
    store.appendFinal(id, final(0, 'hello'));
    t.db.prepare('DELETE FROM users WHERE id = ?').run(userId);
    expect(store.get(id)?.createdBy).toBeNull();
    t.db.prepare('DELETE FROM projects WHERE id = ?').run(projectId);
    expect(store.get(id)).toBeUndefined();
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM live_finals').get()).toEqual({ n: 0 });
  });
});

describe('LiveHub', () => {
  it('fans a session\'s messages out to its subscribers only, in order, past a listener that throws', () => {
    const errors: unknown[] = [];
    const hub = new LiveHub(store, { onListenerError: (error) => errors.push(error) });
    const a: string[] = [];
    const b: string[] = [];
    const unsubscribeA = hub.subscribe('s1', (m) => a.push(m.type));
    hub.subscribe('s1', () => {
      throw new Error('boom');
    });
    hub.subscribe('s1', (m) => b.push(m.type));
    hub.subscribe('s2', () => a.push('other'));
    hub.publish('s1', { type: 'caption', caption: final(0, 'x') });
    unsubscribeA();
    hub.publish('s1', { type: 'ended', transcriptId: null });
    expect(a).toEqual(['caption']);
    expect(b).toEqual(['caption', 'ended']);
    expect(errors).toHaveLength(2);
    expect(hub.subscribers('s1')).toBe(2);
  });
});
