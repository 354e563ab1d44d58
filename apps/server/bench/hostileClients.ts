// Benchmark 3: how much hostile collaborators slow the server down. The real server as a child process with a
// transcript of about 30,000 words; /healthz latency while idle, then while each hostile client runs: a reviewer
// spamming review marks, a viewer asking for the whole document again and again without reading, and a viewer
// flooding presence (huge states, then thousands of small ones) to a room of peers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Segment } from '@verbatim/core';
import { decodeReviewMark, encodeReviewMark, TRANSCRIPT_SCHEMA_VERSION } from '@verbatim/core/document';
import { WebSocket as WsClient } from 'ws';
import * as Y from 'yjs';
import { AccountStore } from '../src/auth/AccountStore.ts';
import { ApiTokenStore } from '../src/auth/ApiTokenStore.ts';
import { ProjectStore } from '../src/auth/ProjectStore.ts';
import { openDatabase } from '../src/db/openDatabase.ts';
import { writeTestBundle } from '../test/testServer.ts';
import { TranscriptStore } from '../src/transcripts/TranscriptStore.ts';
import { YjsTestClient } from '../test/yjsTestClient.ts';
import { startBenchServer, type BenchServer } from './benchServer.ts';
import { percentiles, type Percentiles } from './percentiles.ts';
import { RssSampler } from './rssSampler.ts';

export interface HostileOptions {
  /** Words in the transcript. */
  words: number;
  /** Length of each measurement window. */
  seconds: number;
  /** Peers in the room during the presence flood. */
  peers: number;
}

export interface HostileWindow {
  healthz: Percentiles;
  /** Health checks that failed or took over 10 s. */
  errors: number;
  /** Server CPU time (user + system) during the window, in seconds. */
  serverCpuSeconds: number;
  peakRss: number;
}

export interface HostileResult {
  words: number;
  /** Size of the document's full state, bytes. */
  documentBytes: number;
  idle: HostileWindow;
  reviewSpam: HostileWindow & { marksSent: number; wordsMarked: number; closedWith: number | null };
  syncSpam: HostileWindow & { connections: number; upgradesRefused: number; requestsSent: number; bytesReceived: number; closedWith: number[] };
  presenceFlood: HostileWindow & { peers: number; messagesSent: number; bytesPerPeer: number; closedWith: number | null };
}

const PASSWORD = 'Quartz lantern ferry 1987 orbit!';
/** y-websocket sync step 1 with an empty state vector: "send me the whole document". */
const EVERYTHING = new Uint8Array([0, 0, 1, 0]);
const CLOCK_TICKS = 100;

function transcriptOf(words: number): Segment[] {
  const vocabulary = 'the committee met on tuesday morning to review quarterly budget several members asked about cost new building'.split(' ');
  const segments: Segment[] = [];
  for (let from = 0; from < words; from += 200) {
    const count = Math.min(200, words - from);
    segments.push({
      speaker: `Speaker ${(from / 200) % 4}`,
      start: from * 0.3,
      end: (from + count) * 0.3,
      words: Array.from({ length: count }, (_, i) => ({ text: vocabulary[(from + i) % vocabulary.length]!, start: (from + i) * 0.3, end: (from + i) * 0.3 + 0.25, confidence: ((from + i) % 100) / 100 })),
    });
  }
  return segments;
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "pid (comm) "
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

// the health probe runs on a thread of its own, so the attackers' work in this process does not delay it
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const latencies = [];
  let errors = 0;
  while (Date.now() < workerData.until) {
    const started = performance.now();
    try {
      const response = await fetch(workerData.url + '/healthz', { signal: AbortSignal.timeout(10000) });
      await response.arrayBuffer();
      if (response.status !== 200) errors++;
    } catch {
      errors++;
    }
    latencies.push(performance.now() - started);
    await new Promise((wake) => setTimeout(wake, 20));
  }
  parentPort.postMessage({ latencies, errors });
})();
`;

/** GET /healthz in a loop (one request at a time, from another thread) while `attack` runs, for `seconds`. */
async function window(server: BenchServer, seconds: number, attack: (until: number) => Promise<void>): Promise<HostileWindow> {
  const sampler = new RssSampler(server.pid, 50);
  const cpuBefore = cpuSeconds(server.pid);
  const end = performance.now() + seconds * 1000;
  const probe = new Worker(PROBE, { eval: true, workerData: { url: server.url, until: Date.now() + seconds * 1000 } });
  const probed = new Promise<{ latencies: number[]; errors: number }>((resolve, reject) => {
    probe.once('message', resolve);
    probe.once('error', reject);
  });
  const [{ latencies, errors }] = await Promise.all([probed, attack(end)]);
  await probe.terminate();
  sampler.dispose();
  return { healthz: percentiles(latencies), errors, serverCpuSeconds: cpuSeconds(server.pid) - cpuBefore, peakRss: sampler.summary().peakRss };
}

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

/** A peer that reads and counts what the room sends it, and asks for nothing (so it costs no document copy). */
function countingPeer(url: string): Promise<{ socket: WsClient; bytes: () => number }> {
  return new Promise((resolve, reject) => {
    const socket = new WsClient(url);
    let bytes = 0;
    socket.on('message', (data: Buffer) => (bytes += data.byteLength));
    socket.once('open', () => resolve({ socket, bytes: () => bytes }));
    socket.once('error', reject);
  });
}

export async function measureHostileClients(options: HostileOptions, log: (line: string) => void): Promise<HostileResult> {
  // no recognition runs here: a placeholder bundle is enough to start
  const bundleDir = mkdtempSync(join(tmpdir(), 'vwb-hostile-bundle-'));
  let server: BenchServer;
  try {
    server = await startBenchServer(writeTestBundle(bundleDir));
  } catch (error) {
    rmSync(bundleDir, { recursive: true, force: true });
    throw error;
  }
  const db = openDatabase(join(server.dir, 'data', 'verbatim.db'));
  const clients: YjsTestClient[] = [];
  try {
    // accounts, project and transcript written straight to the database, as another process would
    const accounts = new AccountStore(db, { hashParams: { logN: 10, r: 8, p: 1 } });
    const tokens = new ApiTokenStore(db);
    const projects = new ProjectStore(db);
    const owner = await accounts.createUser({ email: 'owner@bench.example', password: PASSWORD, displayName: 'Owner' });
    const reviewer = await accounts.createUser({ email: 'reviewer@bench.example', password: PASSWORD, displayName: 'Reviewer' });
    const projectId = projects.createProject('Hostile clients', owner.id).id;
    projects.addMember(projectId, reviewer.id, 'reviewer');
    const ownerToken = tokens.create(owner.id, 'bench').token;
    const reviewerToken = tokens.create(reviewer.id, 'bench').token;
    // each attacker and each peer an account of its own: an account may hold 20 connections and open them at 0.5/s
    const viewerToken = async (name: string) => {
      const viewer = await accounts.createUser({ email: `${name}@bench.example`, password: PASSWORD, displayName: name });
      projects.addMember(projectId, viewer.id, 'viewer');
      return tokens.create(viewer.id, 'bench').token;
    };
    const spammerToken = await viewerToken('spammer');
    const flooderToken = await viewerToken('flooder');
    const peerTokens = await Promise.all(Array.from({ length: options.peers }, (_, i) => viewerToken(`peer${i}`)));
    const transcripts = new TranscriptStore(db);
    const transcriptId = transcripts.create({ projectId, mediaId: 'bench', model: { id: 'bench', version: '1', sha256: '0'.repeat(64) }, segments: transcriptOf(options.words) }).id;
    const room = (token: string) => `${server.url.replace(/^http/, 'ws')}/yjs/${transcriptId}?token=${token}&schema=${TRANSCRIPT_SCHEMA_VERSION}`;

    // an editor keeps the room loaded throughout, so every window measures the attack and not loading the document
    const anchor = await YjsTestClient.open(room(ownerToken));
    clients.push(anchor);
    const documentBytes = Y.encodeStateAsUpdate(anchor.doc).byteLength;
    log(`  transcript: ${options.words} words, ${(documentBytes / 1024 / 1024).toFixed(1)} MiB as a Yjs update; windows of ${options.seconds} s`);

    log('  idle window');
    const idle = await window(server, options.seconds, async () => {});

    log('  review-mark spam: a reviewer marks a word reviewed 80 times a second');
    const marker = await YjsTestClient.open(room(reviewerToken));
    clients.push(marker);
    const paragraphs = (marker.doc.get('content', Y.XmlText).toDelta() as Array<{ insert: Y.XmlText }>).map((op) => op.insert);
    let marksSent = 0;
    const reviewSpam = await window(server, options.seconds, async (end) => {
      while (performance.now() < end && !marker.isClosed) {
        const paragraph = paragraphs[marksSent % paragraphs.length]!;
        const first = (paragraph.toDelta() as Array<{ insert: string }>)[0]!.insert;
        paragraph.format(0, first.length, { r: encodeReviewMark({ by: reviewer.id, at: Date.now() }) });
        marksSent++;
        await sleep(12.5);
      }
    });
    await sleep(500);
    const wordsMarked = readMarks(anchor.doc, reviewer.id);
    const reviewClosed = marker.isClosed ? (await marker.closed).code : null;

    log('  sync-step-1 spam: a viewer sends 300 four-byte requests for the whole document at once, reconnecting whenever it is closed');
    let connections = 0;
    let upgradesRefused = 0;
    let requestsSent = 0;
    let bytesReceived = 0;
    const closedWith: number[] = [];
    const syncSpam = await window(server, options.seconds, async (end) => {
      while (performance.now() < end) {
        let spammer: Awaited<ReturnType<typeof countingPeer>>;
        try {
          spammer = await countingPeer(room(spammerToken));
        } catch {
          // 429: the account opened too many connections; an attacker just tries again
          upgradesRefused++;
          await sleep(100);
          continue;
        }
        connections++;
        const closed = new Promise<number>((resolve) => spammer.socket.once('close', (code) => resolve(code)));
        for (let i = 0; i < 300 && spammer.socket.readyState === WsClient.OPEN; i++) {
          spammer.socket.send(EVERYTHING);
          requestsSent++;
        }
        const code = await Promise.race([closed, sleep(Math.max(0, end - performance.now())).then(() => undefined)]);
        bytesReceived += spammer.bytes();
        if (code !== undefined) closedWith.push(code);
        spammer.socket.terminate();
      }
    });

    log(`  presence flood: ${options.peers} peers; a viewer sends 3 presence states of 4 MiB, then small ones as fast as it can`);
    const peers = await Promise.all(peerTokens.map((token) => countingPeer(room(token))));
    const flooder = await YjsTestClient.open(room(flooderToken), { sync: false });
    clients.push(flooder);
    let messagesSent = 0;
    const before = peers.map((peer) => peer.bytes());
    const presenceFlood = await window(server, options.seconds, async (end) => {
      for (let i = 0; i < 3; i++) flooder.sendAwareness(flooder.doc.clientID, ++messagesSent, { blob: 'x'.repeat(4 * 1024 * 1024) });
      while (performance.now() < end && !flooder.isClosed) {
        for (let i = 0; i < 20; i++) {
          // its own id, and the anchor's: the forged ones must never reach anyone
          flooder.sendAwareness(i % 2 === 0 ? flooder.doc.clientID : anchor.doc.clientID, ++messagesSent, { cursor: 'y'.repeat(1000), n: messagesSent });
        }
        await sleep(10);
      }
    });
    const bytesPerPeer = peers.reduce((sum, peer, i) => sum + peer.bytes() - before[i]!, 0) / peers.length;
    const presenceClosed = flooder.isClosed ? (await flooder.closed).code : null;
    for (const peer of peers) peer.socket.close();

    return {
      words: options.words,
      documentBytes,
      idle,
      reviewSpam: { ...reviewSpam, marksSent, wordsMarked, closedWith: reviewClosed },
      syncSpam: { ...syncSpam, connections, upgradesRefused, requestsSent, bytesReceived, closedWith },
      presenceFlood: { ...presenceFlood, peers: options.peers, messagesSent, bytesPerPeer, closedWith: presenceClosed },
    };
  } finally {
    for (const client of clients) client.close();
    db.close();
    await server.dispose();
    rmSync(bundleDir, { recursive: true, force: true });
  }
}

function readMarks(doc: Y.Doc, userId: string): number {
  let count = 0;
  for (const op of doc.get('content', Y.XmlText).toDelta() as Array<{ insert: Y.XmlText }>) {
    for (const piece of op.insert.toDelta() as Array<{ attributes?: Record<string, unknown> }>) if (decodeReviewMark(piece.attributes?.['r'])?.by === userId) count++;
  }
  return count;
}
