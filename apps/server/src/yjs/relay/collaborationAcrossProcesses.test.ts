// Two web processes on one PostgreSQL database, each with its own database handle, collaboration endpoint and relay
// (in one test process: a test with real separate OS processes and kill -9 lives with the multi-process tests), and
// y-websocket clients over real WebSockets connected to one or the other. The last block is a measurement, not a test
// (runs only with VERBATIM_MEASURE=1): how long an edit takes to reach a client on another web process through the
// relay, against a client on the same process, and what announcing a row costs an append:
//   VERBATIM_MEASURE=1 npx vitest run src/yjs/relay/collaborationAcrossProcesses.test.ts -t measurement   (in apps/server)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Segment } from '@verbatim/core';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { testPostgresDatabase } from '../../../test/postgres/testPostgresDatabase.ts';
import { MIGRATIONS_WITH_YJS } from '../../../test/testDatabase.ts';
import { paragraph, ROOM_PARAMS, until, words } from '../../../test/yjsTestHelpers.ts';
import { AccountStore } from '../../auth/AccountStore.ts';
import { ApiTokenStore } from '../../auth/ApiTokenStore.ts';
import { ProjectStore } from '../../auth/ProjectStore.ts';
import { SessionStore } from '../../auth/SessionStore.ts';
import { POSTGRES_PRELUDE } from '../../db/postgres/postgresPrelude.ts';
import { PostgresDatabase } from '../../db/postgres/PostgresDatabase.ts';
import { toPostgresMigration } from '../../db/postgres/toPostgresMigration.ts';
import { openTranscriptDocument } from '../../transcripts/revisions/openTranscriptDocument.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { createYjsEndpoint, type YjsEndpoint } from '../createYjsEndpoint.ts';
import { DocumentStore } from '../DocumentStore.ts';
import { PostgresDocumentRelay } from './PostgresDocumentRelay.ts';

const MODEL = { id: 'test-model', version: '1.0.0', sha256: 'cd'.repeat(32) };
const SEGMENTS: Segment[] = [{ speaker: 'Ada', start: 0, end: 1, words: [{ text: 'hello', start: 0, end: 1, confidence: 0.9 }] }];

/** One web process: its own database handle, document store, collaboration endpoint, relay and HTTP server. */
interface WebProcess {
  readonly db: PostgresDatabase;
  readonly relay: PostgresDocumentRelay;
  readonly endpoint: YjsEndpoint;
  readonly wsUrl: string;
  /** Closes everything in order, as a server shutting down does (rooms compact their logs). */
  close(): Promise<void>;
  /** Stops at once, as a killed process would: sockets cut, no room destroyed, no compaction, no goodbye. */
  crash(): Promise<void>;
}

let url: string;
let setup: PostgresDatabase;
let projectId: string;
let editors: string[];
const processes: WebProcess[] = [];
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  url = await testPostgresDatabase();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(POSTGRES_PRELUDE);
    for (const migration of MIGRATIONS_WITH_YJS) await client.query(toPostgresMigration(migration));
  } finally {
    await client.end();
  }
  setup = new PostgresDatabase(url);
  const accounts = new AccountStore(setup, { hashParams: { logN: 10, r: 8, p: 1 } });
  const tokens = new ApiTokenStore(setup);
  const projects = new ProjectStore(setup);
  const owner = await accounts.createUser({ email: 'owner@example.org', password: 'owner password 1', displayName: 'Owner', isAdmin: false });
  projectId = projects.createProject('Interviews', owner.id).id;
  editors = [];
  for (const name of ['ada', 'grace']) {
    const user = await accounts.createUser({ email: `${name}@example.org`, password: `${name} password 1`, displayName: name, isAdmin: false });
    projects.addMember(projectId, user.id, 'editor');
    editors.push(tokens.create(user.id, 'test').token);
  }
});
afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await Promise.all(processes.splice(0).map((process) => process.close()));
});
afterAll(() => {
  setup?.close();
});

async function startProcess(options: { compactAbove?: number; compactEvery?: number } = {}): Promise<WebProcess> {
  const db = new PostgresDatabase(url);
  const relay = new PostgresDocumentRelay(url, { reconnectDelayMs: 10 });
  await relay.ready();
  const documents = new DocumentStore(db, options.compactAbove === undefined ? {} : { compactAbove: options.compactAbove });
  const endpoint = createYjsEndpoint({
    documents,
    transcripts: new TranscriptStore(db, { documents }),
    tokens: new ApiTokenStore(db),
    sessions: new SessionStore(db),
    projects: new ProjectStore(db),
    relay,
    ...(options.compactEvery === undefined ? {} : { compactEvery: options.compactEvery }),
  });
  const sockets = new Set<Duplex>();
  const server: Server = createServer((_request, response) => response.end());
  server.on('upgrade', (request, socket, head) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    if (!endpoint.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let closed = false;
  const process: WebProcess = {
    db,
    relay,
    endpoint,
    wsUrl: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/yjs`,
    async close() {
      if (closed) return;
      closed = true;
      endpoint.destroy();
      await relay.dispose();
      await new Promise((resolve) => server.close(resolve));
      db.close();
    },
    async crash() {
      closed = true;
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      // the relay's and the database's connections end without a word, and no room is destroyed (nothing compacted)
      await relay.dispose();
      db.close();
    },
  };
  processes.push(process);
  return process;
}

function newTranscript(): string {
  const documents = new DocumentStore(setup);
  return new TranscriptStore(setup, { documents }).create({ projectId, mediaId: 'media-1', model: MODEL, segments: SEGMENTS }).id;
}

async function join(process: WebProcess, transcriptId: string, token = editors[0]!): Promise<{ doc: Y.Doc; provider: WebsocketProvider }> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(process.wsUrl, transcriptId, doc, { params: { token, ...ROOM_PARAMS }, disableBc: true });
  providers.push(provider);
  await until(undefined, () => provider.synced, 'a client to sync');
  return { doc, provider };
}

/** The document's text as the clients see it. */
function text(doc: Y.Doc): string {
  return (paragraph(doc).toDelta() as Array<{ insert: string }>).map((piece) => piece.insert).join('');
}

/** A small deterministic generator (mulberry32), so a failing interleaving can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('collaboration across two web processes on one PostgreSQL database', () => {
  it('converges two clients on different processes through a few hundred randomly interleaved edits, with compactions', async () => {
    // both processes compact often, so rows are merged under the other's catch-up
    const [one, two] = [await startProcess({ compactAbove: 4, compactEvery: 10 }), await startProcess({ compactAbove: 4, compactEvery: 10 })];
    const transcriptId = newTranscript();
    const a = await join(one, transcriptId, editors[0]);
    const b = await join(two, transcriptId, editors[1]);
    const next = random(20);
    for (let i = 0; i < 300; i++) {
      const doc = next() < 0.5 ? a.doc : b.doc;
      const turn = paragraph(doc);
      const length = turn.length;
      if (next() < 0.25 && length > 10) turn.delete(Math.floor(next() * (length - 2)), 1 + Math.floor(next() * 2));
      else turn.insert(Math.floor(next() * (length + 1)), ` w${i}`, {});
      // now and then let the sockets and the relay carry what is in flight, so edits cross in every order
      if (next() < 0.3) await new Promise((resolve) => setImmediate(resolve));
    }
    await until(undefined, () => text(a.doc) === text(b.doc), 'the two clients to converge', 30_000);
    const stored = new DocumentStore(setup).load(transcriptId);
    expect(text(stored)).toBe(text(a.doc));
    expect(words(a.doc).length).toBeGreaterThan(100);
    // the rooms compacted: the log is not one row per edit
    expect(new DocumentStore(setup).count(transcriptId)).toBeLessThan(300);
    // each process's room holds the same document as its clients
    expect(text(one.endpoint.liveDocument(transcriptId)!)).toBe(text(a.doc));
    expect(text(two.endpoint.liveDocument(transcriptId)!)).toBe(text(a.doc));
  });

  it("shows each client the other process's clients' presence, and takes it away when they disconnect", async () => {
    const [one, two] = [await startProcess(), await startProcess()];
    const transcriptId = newTranscript();
    const a = await join(one, transcriptId, editors[0]);
    const b = await join(two, transcriptId, editors[1]);
    a.provider.awareness.setLocalStateField('user', { name: 'ada' });
    b.provider.awareness.setLocalStateField('user', { name: 'grace' });
    await until(undefined, () => b.provider.awareness.getStates().get(a.doc.clientID)?.['user']?.name === 'ada', "ada's cursor on the other process", 3000);
    await until(undefined, () => a.provider.awareness.getStates().get(b.doc.clientID)?.['user']?.name === 'grace', "grace's cursor on the other process", 3000);
    // the socket just closes: the room removes the cursor and tells the other process
    a.provider.shouldConnect = false;
    a.provider.ws?.close();
    await until(undefined, () => !b.provider.awareness.getStates().has(a.doc.clientID), "ada's cursor to go", 3000);
  });

  it('keeps an update process A stored when A dies abruptly: B relayed it, and a client joining through B gets it', async () => {
    const [one, two] = [await startProcess(), await startProcess()];
    const transcriptId = newTranscript();
    const a = await join(one, transcriptId, editors[0]);
    const watcher = await join(one, transcriptId, editors[0]);
    const b = await join(two, transcriptId, editors[1]);
    paragraph(a.doc).insert(paragraph(a.doc).length, ' stored before the crash', {});
    // the room forwards an update only once it is stored: a second client of A seeing it is the acknowledgement
    await until(watcher.doc, () => text(watcher.doc).endsWith('before the crash'), 'A to store and forward the edit');
    await one.crash();
    await until(b.doc, () => text(b.doc).endsWith('before the crash'), 'B to relay the edit');
    const late = await join(two, transcriptId, editors[1]);
    expect(text(late.doc)).toBe(text(watcher.doc));
    // and with no room open anywhere, a fresh process reads it from the database
    b.provider.destroy();
    late.provider.destroy();
    await until(undefined, () => two.endpoint.roomCount === 0, 'B to close the room');
    const three = await startProcess();
    const fresh = await join(three, transcriptId, editors[1]);
    expect(text(fresh.doc)).toBe(text(watcher.doc));
  });

  it("gives clients a change another process wrote straight to the store inside its own transaction (a worker's re-run), once committed", async () => {
    const one = await startProcess();
    const transcriptId = newTranscript();
    const a = await join(one, transcriptId, editors[0]);
    const worker = new DocumentStore(setup);
    setup.transaction(() => {
      openTranscriptDocument({ documents: worker }, transcriptId).write((doc) => paragraph(doc).insert(0, 'rerun ', {}));
    })();
    await until(a.doc, () => text(a.doc).startsWith('rerun '), 'the re-run to reach the client');
    // rolled back: never stored, so never heard of
    expect(() =>
      setup.transaction(() => {
        openTranscriptDocument({ documents: worker }, transcriptId).write((doc) => paragraph(doc).insert(0, 'undone ', {}));
        throw new Error('changed my mind');
      })(),
    ).toThrow('changed my mind');
    paragraph(a.doc).insert(paragraph(a.doc).length, ' done', {});
    await until(undefined, () => text(new DocumentStore(setup).load(transcriptId)).endsWith(' done'), 'the edit to be stored');
    expect(text(a.doc)).toBe(text(new DocumentStore(setup).load(transcriptId)));
    expect(text(a.doc)).not.toContain('undone');
  });

  it('accepts a client that fails over from a dead process to another: its presence and its edits keep its own client id', async () => {
    const [one, two] = [await startProcess(), await startProcess()];
    const transcriptId = newTranscript();
    const a = await join(one, transcriptId, editors[0]);
    const b = await join(two, transcriptId, editors[1]);
    a.provider.awareness.setLocalStateField('user', { name: 'ada' });
    await until(undefined, () => b.provider.awareness.getStates().get(a.doc.clientID)?.['user']?.name === 'ada', "ada's cursor on B");
    paragraph(a.doc).insert(paragraph(a.doc).length, ' before', {});
    await until(b.doc, () => text(b.doc).endsWith(' before'), 'B to have the first edit');
    a.provider.shouldConnect = false;
    await one.crash();
    // the same document (same client id) reconnects through B, as a browser behind a load balancer would
    const again = new WebsocketProvider(two.wsUrl, transcriptId, a.doc, { params: { token: editors[0]!, ...ROOM_PARAMS }, disableBc: true, awareness: a.provider.awareness });
    providers.push(again);
    await until(undefined, () => again.synced, 'ada to sync through B');
    paragraph(a.doc).insert(paragraph(a.doc).length, ' after', {});
    a.provider.awareness.setLocalStateField('user', { name: 'ada again' });
    await until(b.doc, () => text(b.doc).endsWith(' before after'), "B's client to get the edit made after the failover");
    await until(undefined, () => b.provider.awareness.getStates().get(a.doc.clientID)?.['user']?.name === 'ada again', "ada's new cursor");
    expect(text(new DocumentStore(setup).load(transcriptId))).toBe(text(b.doc));
  });

  it('catches up on what was stored while its relay connection was down, once it is back', async () => {
    const [one, two] = [await startProcess(), await startProcess()];
    const transcriptId = newTranscript();
    const a = await join(one, transcriptId, editors[0]);
    const b = await join(two, transcriptId, editors[1]);
    const back = new Promise<void>((resolve) => two.relay.onDidConnect(() => resolve()));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [two.relay.backendPid]);
    } finally {
      await admin.end();
    }
    // announced while B cannot hear: lost, and no later edit announces it again
    paragraph(a.doc).insert(0, 'missed ', {});
    // and what B stores meanwhile is announced by the store, not by B's relay
    paragraph(b.doc).insert(paragraph(b.doc).length, ' unheard', {});
    await back;
    await until(b.doc, () => text(b.doc).startsWith('missed '), 'B to read what it missed');
    await until(a.doc, () => text(a.doc).endsWith(' unheard'), 'A to hear what B stored while away');
    expect(text(a.doc)).toBe(text(b.doc));
  });
});

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Milliseconds from each of `n` edits on `from` until `to` has it, one edit at a time. */
async function latencies(from: Y.Doc, to: Y.Doc, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const marker = ` m${i}`;
    const arrived = new Promise<void>((resolve) => {
      const check = () => {
        if (text(to).endsWith(marker)) {
          to.off('update', check);
          resolve();
        }
      };
      to.on('update', check);
    });
    const started = performance.now();
    paragraph(from).insert(paragraph(from).length, marker, {});
    await arrived;
    times.push(performance.now() - started);
  }
  return times;
}

describe.runIf(process.env['VERBATIM_MEASURE'] === '1')('relay latency (measurement)', () => {
  it('measures', async () => {
    const [one, two] = [await startProcess(), await startProcess()];
    const transcriptId = newTranscript();
    const a = await join(one, transcriptId, editors[0]);
    const sameProcess = await join(one, transcriptId, editors[1]);
    const otherProcess = await join(two, transcriptId, editors[1]);
    const n = 300;
    await latencies(a.doc, otherProcess.doc, 20);
    const same = await latencies(a.doc, sameProcess.doc, n);
    const cross = await latencies(a.doc, otherProcess.doc, n);
    const documents = new DocumentStore(setup);
    const update = Y.encodeStateAsUpdate(new Y.Doc());
    const appendMs: number[] = [];
    const notifyMs: number[] = [];
    for (let i = 0; i < n; i++) {
      let started = performance.now();
      documents.append(transcriptId, update);
      appendMs.push(performance.now() - started);
      started = performance.now();
      setup.execRaw('SELECT pg_notify($1, $2)', ['verbatim_yjs_measure', `${transcriptId} ${i}`]);
      notifyMs.push(performance.now() - started);
    }
    const line = (name: string, values: number[]) => `${name}: p50 ${percentile(values, 50).toFixed(2)} ms, p95 ${percentile(values, 95).toFixed(2)} ms`;
    console.log(
      [
        `edits: ${n} each, one at a time (loopback, private PostgreSQL cluster)`,
        line('edit to a client on the same process', same),
        line('edit to a client on another process', cross),
        line('DocumentStore.append on PostgreSQL (with its NOTIFY)', appendMs),
        line('one pg_notify round trip alone', notifyMs),
      ].join('\n'),
    );
    expect(cross.length).toBe(n);
  }, 120_000);
});
