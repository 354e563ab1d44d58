// The live relay over the test run's real PostgreSQL server: two hubs, each with its own relay and store on one
// database, stand for two web processes. Finals go through the store (stored, announced in its transaction, read by
// number), partials, ends, stop requests and revocations inline. The last block is a measurement, not a test (off
// unless asked for):
//   VERBATIM_MEASURE=1 npx vitest run src/live/relay/PostgresLiveRelay.test.ts -t measurement   (in apps/server)
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CaptionJson } from '@verbatim/core/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testPostgresDatabase } from '../../../test/postgres/testPostgresDatabase.ts';
import { AccountStore } from '../../auth/AccountStore.ts';
import { ProjectStore } from '../../auth/ProjectStore.ts';
import { MIGRATIONS } from '../../db/migrations.ts';
import { openSqlDatabase } from '../../db/openSqlDatabase.ts';
import type { SqlDatabase } from '../../db/SqlDatabase.ts';
import { LiveHub, type LiveHubMessage } from '../LiveHub.ts';
import { LiveSessionStore } from '../LiveSessionStore.ts';
import { MAX_RELAY_PAYLOAD_BYTES } from '../../yjs/relay/PostgresDocumentRelay.ts';
import { PostgresLiveRelay } from './PostgresLiveRelay.ts';

const MODEL = { id: 'asr-model', version: '1', sha256: 'ab'.repeat(32) };

/** One web process: its database handle, store, relay and hub, and what its subscriber to the session heard. */
interface Process {
  readonly db: SqlDatabase;
  readonly store: LiveSessionStore;
  readonly relay: PostgresLiveRelay;
  readonly hub: LiveHub;
  readonly heard: LiveHubMessage[];
  /** Resolves once `check` holds (looked at after each message heard). */
  until(check: (heard: LiveHubMessage[]) => boolean): Promise<void>;
}

let url: string;
const processes: Process[] = [];
let sessionId: string;

function startProcess(): Process {
  const db = openSqlDatabase(url);
  const store = new LiveSessionStore(db);
  const relay = new PostgresLiveRelay(url);
  const hub = new LiveHub(store, { relay });
  const heard: LiveHubMessage[] = [];
  const waiters: Array<() => void> = [];
  hub.subscribe(sessionId, (message) => {
    heard.push(message);
    for (const wake of waiters.splice(0)) wake();
  });
  const started: Process = {
    db,
    store,
    relay,
    hub,
    heard,
    async until(check) {
      while (!check(heard)) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
  processes.push(started);
  return started;
}

function caption(seq: number, final: boolean, text: string): CaptionJson {
  return { seq, final, text, startMs: seq * 1000, endMs: seq * 1000 + 500, words: text.split(' ').map((word, i) => ({ text: word, startMs: seq * 1000 + i * 10, endMs: seq * 1000 + i * 10 + 5, confidence: 0.9 })) };
}

beforeEach(async () => {
  url = await testPostgresDatabase();
  const db = openSqlDatabase(url, { migrations: MIGRATIONS });
  const user = await new AccountStore(db, { hashParams: { logN: 10, r: 8, p: 1 } }).createUser({ email: 'ada@example.org', password: 'ada password 1', displayName: 'Ada', isAdmin: false });
  const projectId = new ProjectStore(db).createProject('Talks', user.id).id;
  sessionId = new LiveSessionStore(db).create({ projectId, title: 'Keynote', createdBy: user.id, model: MODEL, sampleRate: 16_000 }).id;
  db.close();
});

afterEach(async () => {
  for (const started of processes.splice(0)) {
    await started.relay.dispose();
    started.db.close();
  }
});

describe('live captions between two processes on PostgreSQL', () => {
  it("carry partials and finals once each, in order, and the session's end", async () => {
    const [a, b] = [startProcess(), startProcess()];
    await Promise.all([a.relay.ready(), b.relay.ready()]);
    a.hub.publish(sessionId, { type: 'caption', caption: caption(0, false, 'hello') });
    await b.until((heard) => heard.length === 1);
    for (const seq of [0, 1, 2]) {
      const final = caption(seq, true, `final ${seq}`);
      a.store.appendFinal(sessionId, final);
      a.hub.publish(sessionId, { type: 'caption', caption: final });
    }
    // a partial of a segment already final is stale where it arrives after the final
    a.hub.publish(sessionId, { type: 'caption', caption: caption(1, false, 'late') });
    a.hub.publish(sessionId, { type: 'caption', caption: caption(3, false, 'next') });
    a.hub.publish(sessionId, { type: 'ended', transcriptId: 't-1' });
    await b.until((heard) => heard.at(-1)?.type === 'ended');
    const summary = (heard: LiveHubMessage[]) => heard.map((m) => (m.type === 'ended' ? `ended ${m.transcriptId}` : `${m.caption.final ? 'final' : 'partial'} ${m.caption.seq} ${m.caption.text}`));
    expect(summary(b.heard)).toEqual(['partial 0 hello', 'final 0 final 0', 'final 1 final 1', 'final 2 final 2', 'partial 3 next', 'ended t-1']);
    // the process that stored the finals hears its own announcements too, and delivers nothing twice
    a.store.appendFinal(sessionId, caption(3, true, 'from b'));
    await a.until((heard) => heard.some((m) => m.type === 'caption' && m.caption.seq === 3 && m.caption.final));
    expect(summary(a.heard)).toEqual(['partial 0 hello', 'final 0 final 0', 'final 1 final 1', 'final 2 final 2', 'partial 1 late', 'partial 3 next', 'ended t-1', 'final 3 from b']);
  });

  it('carries a stop request and a revocation to the processes subscribed to the session, not to the sender', async () => {
    const [a, b] = [startProcess(), startProcess()];
    await Promise.all([a.relay.ready(), b.relay.ready()]);
    const stops: string[] = [];
    const revocations: Array<string | null> = [];
    a.hub.onDidRequestStop(({ sessionId: id, retranscribe }) => stops.push(`a ${id} ${retranscribe}`));
    b.hub.onDidRequestStop(({ sessionId: id }) => stops.push(`b ${id}`));
    a.hub.onDidRevoke(({ keepTokenHash }) => revocations.push(keepTokenHash));
    b.hub.requestStop(sessionId, true);
    b.hub.announceRevocation(sessionId, 'hash-2');
    // an end afterwards: once it is heard, what was sent before it was too
    b.hub.publish(sessionId, { type: 'ended', transcriptId: null });
    await a.until((heard) => heard.at(-1)?.type === 'ended');
    expect(stops).toEqual([`a ${sessionId} true`]);
    expect(revocations).toEqual(['hash-2']);
  });

  it('sends a partial too large for a notification without its word timings', async () => {
    const [a, b] = [startProcess(), startProcess()];
    await Promise.all([a.relay.ready(), b.relay.ready()]);
    const long = caption(0, false, Array.from({ length: 400 }, (_, i) => `word${i}`).join(' '));
    expect(JSON.stringify(long).length).toBeGreaterThan(MAX_RELAY_PAYLOAD_BYTES);
    a.hub.publish(sessionId, { type: 'caption', caption: long });
    await b.until((heard) => heard.length === 1);
    expect(b.heard[0]).toEqual({ type: 'caption', caption: { ...long, words: [] } });
  });
});

describe.runIf(process.env['VERBATIM_MEASURE'] === '1')('live relay latency (measurement)', () => {
  it('measures', async () => {
    const [a, b] = [startProcess(), startProcess()];
    await Promise.all([a.relay.ready(), b.relay.ready()]);
    const sent = new Map<string, number>();
    const latency = { final: [] as number[], partial: [] as number[] };
    b.hub.subscribe(sessionId, (message) => {
      if (message.type !== 'caption') return;
      const kind = message.caption.final ? 'final' : 'partial';
      latency[kind].push(performance.now() - sent.get(`${kind} ${message.caption.seq}`)!);
    });
    const finals = 200;
    // a talk's pace, faster: a partial, then its final, every 20 ms
    for (let seq = 0; seq < finals; seq++) {
      sent.set(`partial ${seq}`, performance.now());
      a.hub.publish(sessionId, { type: 'caption', caption: caption(seq, false, `words of segment ${seq}`) });
      await sleep(10);
      sent.set(`final ${seq}`, performance.now());
      const final = caption(seq, true, `the words of segment ${seq}`);
      a.store.appendFinal(sessionId, final);
      a.hub.publish(sessionId, { type: 'caption', caption: final });
      await sleep(10);
    }
    await b.until(() => latency.final.length === finals);
    const stats = (values: number[]) => {
      const sorted = [...values].sort((x, y) => x - y);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
      return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${sorted.at(-1)!.toFixed(2)} ms (${sorted.length})`;
    };
    console.info(`final stored on A → delivered on B: ${stats(latency.final)}`);
    console.info(`partial published on A → delivered on B: ${stats(latency.partial)}`);
    expect(latency.final).toHaveLength(finals);
  }, 60_000);
});
