// Hostile collaborators against the real server on a real SQLite file, over real WebSockets (issue #11 items 2, 5, 6):
// each test is an attack that worked before the room judged updates from their own structs, bounded what one
// connection may cost, bound client ids to accounts and kept writes inside the transcript's own root.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Segment } from '@verbatim/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer, type TestUser } from '../../test/testServer.ts';
import { encodeReviewMark, encodeWordTiming, readTranscriptWords } from '@verbatim/core/document';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { DocumentStore } from './DocumentStore.ts';
import { YJS_CLOSE_CODES } from './yjsCloseCodes.ts';
import { YjsTestClient } from '../../test/yjsTestClient.ts';
import { paragraph, until, words } from '../../test/yjsTestHelpers.ts';

const MODEL = { id: 'test-model', version: '1.0.0', sha256: 'ef'.repeat(32) };

/** `words` words in paragraphs of 200, the way the recogniser's transcripts are laid out. */
function transcriptOf(words: number): Segment[] {
  const segments: Segment[] = [];
  for (let from = 0; from < words; from += 200) {
    const count = Math.min(200, words - from);
    segments.push({
      speaker: `Speaker ${(from / 200) % 3}`,
      start: from * 0.3,
      end: (from + count) * 0.3,
      words: Array.from({ length: count }, (_, i) => ({ text: `word${(from + i) % 997}`, start: (from + i) * 0.3, end: (from + i) * 0.3 + 0.25, confidence: 0.5 })),
    });
  }
  return segments;
}

let server: TestServer;
let editor: TestUser;
let reviewer: TestUser;
let viewer: TestUser;
let projectId: string;
const clients: YjsTestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const owner = await server.createUser('owner');
  editor = await server.createUser('editor');
  reviewer = await server.createUser('reviewer');
  viewer = await server.createUser('viewer');
  projectId = server.projects.createProject('Hostile', owner.user.id).id;
  server.projects.addMember(projectId, editor.user.id, 'editor');
  server.projects.addMember(projectId, reviewer.user.id, 'reviewer');
  server.projects.addMember(projectId, viewer.user.id, 'viewer');
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await server?.close();
});

function newTranscript(words: number): string {
  return new TranscriptStore(server.db).create({ projectId, mediaId: 'media', model: MODEL, segments: transcriptOf(words) }).id;
}

async function join(user: TestUser, transcriptId: string, options: { sync?: boolean } = {}): Promise<YjsTestClient> {
  const client = await YjsTestClient.open(`${server.url.replace(/^http/, 'ws')}/yjs/${transcriptId}?token=${user.token}`, options);
  clients.push(client);
  return client;
}

const stored = (transcriptId: string) => new DocumentStore(server.db).load(transcriptId);
const refusals = () => server.logs.filter((log) => log.message === 'refused a document update the connection may not make');

describe('a reviewer marking words', () => {
  it('does not stall the server on a long transcript: each mark is judged from the update, not a copy of the document', async () => {
    const transcriptId = newTranscript(10_000);
    const watcher = await join(editor, transcriptId);
    const marker = await join(reviewer, transcriptId);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    // before: every one of these cost a copy and two full comparisons of the 10,000-word document (~0.5 s each)
    for (let i = 0; i < 20; i++) {
      const p = (marker.doc.get('content', Y.XmlText).toDelta() as Array<{ insert: Y.XmlText }>)[i * 2]!.insert;
      const firstWord = (p.toDelta() as Array<{ insert: string }>)[0]!.insert;
      p.format(0, firstWord.length, { r: encodeReviewMark({ by: reviewer.user.id, at: 1000 + i }) });
    }
    await until(watcher.doc, () => readTranscriptWords(watcher.doc).filter((w) => w.reviewed).length === 20, 'the twenty marks to arrive');
    delay.disable();
    expect(delay.max / 1e6).toBeLessThan(250);
    expect(readTranscriptWords(stored(transcriptId)).filter((w) => w.reviewedBy === reviewer.user.id)).toHaveLength(20);
  });

  it('cannot write outside the transcript: a map beside `content` is neither stored nor relayed', async () => {
    const transcriptId = newTranscript(20);
    const watcher = await join(editor, transcriptId);
    const marker = await join(reviewer, transcriptId);
    marker.doc.getMap('evil').set('payload', 'x'.repeat(64 * 1024));
    // a legitimate mark after it, on the same socket: once it arrives, the server has handled the map
    paragraph(marker.doc).format(0, 4, { r: encodeReviewMark({ by: reviewer.user.id, at: 1 }) });
    await until(undefined, () => refusals().some((log) => log.fields['reason'] === 'not-allowed'), 'the refusal');
    expect(watcher.doc.share.has('evil')).toBe(false);
    expect(stored(transcriptId).share.has('evil')).toBe(false);
  });

  it('cannot write under an editor\'s client id', async () => {
    const transcriptId = newTranscript(20);
    const writer = await join(editor, transcriptId);
    const marker = await join(reviewer, transcriptId);
    paragraph(writer.doc).insert(0, 'Well ', { t: encodeWordTiming({ start: 0, end: 0.1, conf: 1, origin: 'human' }) });
    await until(marker.doc, () => words(marker.doc)[0] === 'Well', 'the edit to reach the reviewer');
    // a copy of the reviewer's document that writes as the editor's client, at the editor's next clock
    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(marker.doc));
    // after the sync: Yjs gives a document a new id when it receives changes made under its own
    forger.clientID = writer.doc.clientID;
    const forged: Uint8Array[] = [];
    forger.on('update', (update: Uint8Array) => forged.push(update));
    paragraph(forger).format(5, 4, { r: encodeReviewMark({ by: reviewer.user.id, at: 2 }) });
    marker.sendUpdate(forged[0]!);
    await until(undefined, () => refusals().some((log) => log.fields['reason'] === 'client-id'), 'the refusal');
    expect(readTranscriptWords(stored(transcriptId)).some((w) => w.reviewed)).toBe(false);
  });
});

describe('an editor', () => {
  it('cannot write outside the transcript either', async () => {
    const transcriptId = newTranscript(20);
    const writer = await join(editor, transcriptId);
    const watcher = await join(viewer, transcriptId);
    // from a document of its own: a refused change holds back every later change of the same client
    const side = new Y.Doc();
    Y.applyUpdate(side, Y.encodeStateAsUpdate(writer.doc));
    const evil: Uint8Array[] = [];
    side.on('update', (update: Uint8Array) => evil.push(update));
    side.getMap('evil').set('payload', 'x'.repeat(1024 * 1024));
    writer.sendUpdate(evil[0]!);
    paragraph(writer.doc).insert(0, 'Hello ', {});
    await until(watcher.doc, () => words(watcher.doc)[0] === 'Hello', 'the edit after the map');
    expect(watcher.doc.share.has('evil')).toBe(false);
    expect(stored(transcriptId).share.has('evil')).toBe(false);
  });
});

describe('a viewer', () => {
  it('cannot make the server send the whole document again and again', async () => {
    const transcriptId = newTranscript(2000);
    const spammer = await join(viewer, transcriptId);
    const first = spammer.received.bytes;
    // before: each 4-byte request made the server encode and send the whole document again
    for (let i = 0; i < 50; i++) spammer.requestEverything();
    const { code } = await spammer.closed;
    expect(code).toBe(YJS_CLOSE_CODES.rateLimited);
    // the first sync only: asking again for an unchanged document brings nothing
    expect(spammer.received.syncReplies).toBe(1);
    expect(spammer.received.bytes).toBeLessThanOrEqual(first * 1.1);
    expect(server.logs.some((log) => log.message === 'a collaboration connection went over a limit' && log.fields['limit'] === 'syncRequests')).toBe(true);
  });

  it("cannot overwrite another client's presence with a higher clock", async () => {
    const transcriptId = newTranscript(20);
    const writer = await join(editor, transcriptId);
    const watcher = await join(reviewer, transcriptId);
    const intruder = await join(viewer, transcriptId);
    writer.announce({ user: { name: 'Editor' } });
    await until(undefined, () => watcher.awareness.getStates().get(writer.doc.clientID)?.['user']?.name === 'Editor', 'the editor\'s presence');
    intruder.sendAwareness(writer.doc.clientID, 1000, { user: { name: 'Impostor' } });
    intruder.sendAwareness(writer.doc.clientID, 1001, null);
    intruder.announce({ user: { name: 'Viewer' } });
    await until(undefined, () => watcher.awareness.getStates().get(intruder.doc.clientID)?.['user']?.name === 'Viewer', 'the viewer\'s own presence');
    expect(watcher.awareness.getStates().get(writer.doc.clientID)).toEqual({ user: { name: 'Editor' } });
  });

  it('cannot relay huge or endless presence to everyone', async () => {
    const transcriptId = newTranscript(20);
    const watchers = [await join(editor, transcriptId), await join(reviewer, transcriptId)];
    const flooder = await join(viewer, transcriptId);
    const before = watchers.map((w) => w.received.bytes);
    for (let i = 0; i < 3; i++) flooder.sendAwareness(flooder.doc.clientID, i + 1, { blob: 'x'.repeat(4 * 1024 * 1024) });
    // then a flood of small ones: 400 × ~1 KiB, far past 64 KiB at once
    for (let i = 0; i < 400; i++) flooder.sendAwareness(flooder.doc.clientID, 10 + i, { note: 'y'.repeat(1000), i });
    flooder.sendAwareness(flooder.doc.clientID, 1000, { user: { name: 'last' } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const [index, watcher] of watchers.entries()) {
      // before: 12 MiB and then 400 KiB to each peer
      expect(watcher.received.bytes - before[index]!).toBeLessThan(200 * 1024);
      expect(JSON.stringify(watcher.awareness.getStates().get(flooder.doc.clientID) ?? {})).not.toContain('xxxx');
    }
    expect(flooder.isClosed).toBe(false);
  });
});
