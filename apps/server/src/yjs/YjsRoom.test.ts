import { MESSAGE_SYNC_STEP2_V2, type Segment } from '@verbatim/core';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { encodeReviewMark, encodeWordTiming, readTranscriptWords, TRANSCRIPT_ROOT } from '@verbatim/core/document';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { DocumentStore } from './DocumentStore.ts';
import { openTestDatabase, type TestDatabase } from '../../test/testDatabase.ts';
import { messageAwareness, messageSync } from './yjsMessages.ts';
import { acceptTranscriptUpdate } from '../transcripts/acceptTranscriptUpdate.ts';
import { YjsRoom, type YjsAccess, type YjsPeer } from './YjsRoom.ts';

const SEGMENTS: Segment[] = [{ speaker: 'Ada', start: 0, end: 1, words: [{ text: 'hello', start: 0, end: 1, confidence: 0.9 }] }];

/** An in-memory client speaking the y-websocket protocol to a room, messages delivered synchronously. */
class TestClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly peer: YjsPeer & { closed: boolean };
  readonly #room: YjsRoom;

  constructor(room: YjsRoom, access: YjsAccess) {
    this.#room = room;
    const client = this;
    this.peer = {
      access,
      closed: false,
      send: (message) => client.#receive(message),
      close() {
        this.closed = true;
      },
    };
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === room) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      syncProtocol.writeUpdate(encoder, update);
      room.receive(this.peer, encoding.toUint8Array(encoder));
    });
    room.join(this.peer);
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, messageSync);
    syncProtocol.writeSyncStep1(step1, this.doc);
    room.receive(this.peer, encoding.toUint8Array(step1));
  }

  get paragraph(): Y.XmlText {
    return (this.doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: Y.XmlText }>)[0]!.insert;
  }

  announce(name: string): void {
    this.awareness.setLocalStateField('user', { name });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageAwareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
    this.#room.receive(this.peer, encoding.toUint8Array(encoder));
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }

  #receive(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === messageAwareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this.#room);
      return;
    }
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, messageSync);
    syncProtocol.readSyncMessage(decoder, reply, this.doc, this.#room);
    if (encoding.length(reply) > 1) this.#room.receive(this.peer, encoding.toUint8Array(reply));
  }
}

let t: TestDatabase;
let documents: DocumentStore;
let transcriptId: string;
beforeEach(async () => {
  t = await openTestDatabase();
  documents = new DocumentStore(t.db, { compactAbove: 20 });
  const model = { id: 'm', version: '1', sha256: '0'.repeat(64) };
  transcriptId = new TranscriptStore(t.db, { documents }).create({ projectId: t.projectId, mediaId: 'x', model, segments: SEGMENTS }).id;
});
afterEach(() => t.close());

describe('YjsRoom', () => {
  it('converges random concurrent edits from several writers, stores them, and ignores a reader', () => {
    const room = new YjsRoom(transcriptId, documents, { compactEvery: 10 });
    const writers = [new TestClient(room, 'write'), new TestClient(room, 'write'), new TestClient(room, 'write')];
    const reader = new TestClient(room, 'read');
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 60; i++) {
      const writer = writers[random(writers.length)]!;
      const text = writer.paragraph;
      if (random(4) === 0 && text.length > 2) text.delete(random(text.length - 1), 1);
      else text.insert(random(text.length + 1), ` w${i}`, { t: encodeWordTiming({ start: i, end: i + 0.5, conf: 0.5, origin: 'human' }) });
    }
    reader.paragraph.insert(0, 'VANDAL ', {});
    const expected = readTranscriptWords(writers[0]!.doc);
    for (const writer of writers) expect(readTranscriptWords(writer.doc)).toEqual(expected);
    expect(readTranscriptWords(room.doc)).toEqual(expected);
    expect(readTranscriptWords(documents.load(transcriptId))).toEqual(expected);
    expect(expected.some((w) => w.text === 'VANDAL')).toBe(false);
    // the reader still follows along, its own refused edit aside
    expect(readTranscriptWords(reader.doc).filter((w) => w.text !== 'VANDAL')).toEqual(expected);
    // periodic compaction kept the log short without losing anything
    expect(documents.count(transcriptId)).toBeLessThanOrEqual(21);
    room.destroy();
  });

  it("accepts a reviewer's review marks and nothing else", () => {
    const room = new YjsRoom(transcriptId, documents, { acceptUpdate: acceptTranscriptUpdate });
    const editor = new TestClient(room, 'write');
    const reviewer = new TestClient(room, 'review');
    reviewer.paragraph.format(0, 5, { r: encodeReviewMark({ by: 'u-reviewer', at: 1 }) });
    expect(readTranscriptWords(editor.doc)[0]).toMatchObject({ text: 'hello', reviewed: true });
    reviewer.paragraph.insert(5, 'x', { t: encodeWordTiming({ start: 0, end: 1, conf: 0.9, origin: 'asr' }) });
    reviewer.paragraph.format(0, 5, { t: encodeWordTiming({ start: 0, end: 1, conf: 1, origin: 'asr' }) });
    expect(readTranscriptWords(editor.doc)).toEqual([{ text: 'hello', start: 0, end: 1, confidence: 0.9, origin: 'asr', reviewed: true, reviewedBy: 'u-reviewer', reviewedAt: 1 }]);
    expect(readTranscriptWords(documents.load(transcriptId))).toEqual(readTranscriptWords(editor.doc));
    room.destroy();
  });

  it('shares cursors, removes a leaving client\'s cursor and reports when it is empty', () => {
    const room = new YjsRoom(transcriptId, documents);
    const a = new TestClient(room, 'write');
    const b = new TestClient(room, 'read');
    b.announce('viewer');
    expect(a.awareness.getStates().get(b.doc.clientID)).toEqual({ user: { name: 'viewer' } });
    let emptied = 0;
    room.onDidBecomeEmpty(() => emptied++);
    room.leave(b.peer);
    expect(a.awareness.getStates().has(b.doc.clientID)).toBe(false);
    expect(emptied).toBe(0);
    room.leave(a.peer);
    expect(emptied).toBe(1);
    room.destroy();
  });

  it('closes every client when an update cannot be stored, without forwarding it', () => {
    const room = new YjsRoom(transcriptId, documents);
    const a = new TestClient(room, 'write');
    const b = new TestClient(room, 'write');
    const failures: unknown[] = [];
    room.onDidFail((error) => failures.push(error));
    t.db.close();
    a.paragraph.insert(0, 'lost ', {});
    expect(failures).toHaveLength(1);
    expect(a.peer.closed && b.peer.closed).toBe(true);
    expect(readTranscriptWords(b.doc).map((w) => w.text)).toEqual(['hello']);
    room.destroy();
    a.destroy();
    b.destroy();
  });

  it('encodes the whole document once per version, however many clients ask for it', () => {
    const room = new YjsRoom(transcriptId, documents);
    const replies: Uint8Array[] = [];
    const asker = (): YjsPeer => ({ access: 'read', send: (message) => replies.push(message), close() {} });
    const everything = new Uint8Array([messageSync, syncProtocol.messageYjsSyncStep1, 1, 0]);
    const [a, b] = [asker(), asker()];
    room.join(a);
    room.join(b);
    replies.length = 0;
    room.receive(a, everything);
    room.receive(b, everything);
    // asking again for what it was just sent: nothing new to send
    room.receive(a, everything);
    expect(replies).toHaveLength(2);
    expect(replies[1]).toBe(replies[0]);
    // a made-up state vector (a client the document never saw, far ahead) is the empty one
    const full = replies[0];
    const c = asker();
    room.join(c);
    replies.length = 0;
    const madeUp = encoding.createEncoder();
    encoding.writeVarUint(madeUp, messageSync);
    encoding.writeVarUint(madeUp, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(madeUp, Y.encodeStateVector(new Map([[123456789, 1e6]])));
    room.receive(c, encoding.toUint8Array(madeUp));
    expect(replies).toEqual([full]);
    expect(replies[0]).toBe(full);
    const stale = replies[0];
    const writer = new TestClient(room, 'write');
    writer.paragraph.insert(0, 'new ', {});
    replies.length = 0;
    room.receive(a, everything);
    const fresh = replies.find((message) => message[1] === syncProtocol.messageYjsSyncStep2)!;
    expect(fresh).not.toBe(stale);
    const reader = new Y.Doc();
    const decoder = decoding.createDecoder(fresh);
    decoding.readVarUint(decoder);
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), reader, null);
    expect(readTranscriptWords(reader).map((w) => w.text)).toEqual(['new', 'hello']);
    room.destroy();
  });

  it('encodes the V2 reply once per version for the peers that read it, beside the V1 one, from the same document', () => {
    const room = new YjsRoom(transcriptId, documents);
    const replies = new Map<YjsPeer, Uint8Array[]>();
    const asker = (syncEncoding: 1 | 2 | undefined): YjsPeer => {
      const peer: YjsPeer = { access: 'read', syncEncoding, send: (message) => replies.get(peer)!.push(message), close() {} };
      replies.set(peer, []);
      room.join(peer);
      replies.get(peer)!.length = 0;
      return peer;
    };
    const everything = new Uint8Array([messageSync, syncProtocol.messageYjsSyncStep1, 1, 0]);
    const [v2a, v2b, v1, unsaid] = [asker(2), asker(2), asker(1), asker(undefined)];
    for (const peer of [v2a, v2b, v1, unsaid]) room.receive(peer, everything);
    const first = (peer: YjsPeer): Uint8Array => replies.get(peer)![0]!;
    const [a, b, one, plain] = [first(v2a), first(v2b), first(v1), first(unsaid)];
    expect(b).toBe(a);
    expect(plain).toBe(one);
    expect(a[0]).toBe(MESSAGE_SYNC_STEP2_V2);
    expect([one[0], one[1]]).toEqual([messageSync, syncProtocol.messageYjsSyncStep2]);
    const fromV2 = new Y.Doc();
    const decoder = decoding.createDecoder(a);
    decoding.readVarUint(decoder);
    Y.applyUpdateV2(fromV2, decoding.readVarUint8Array(decoder));
    expect(Y.encodeStateAsUpdate(fromV2)).toEqual(Y.encodeStateAsUpdate(room.doc));
    // the document changed: a new V2 reply, with the change
    const writer = new TestClient(room, 'write');
    writer.paragraph.insert(0, 'new ', {});
    room.receive(v2a, everything);
    const fresh = replies.get(v2a)!.at(-1)!;
    expect(fresh).not.toBe(a);
    const after = new Y.Doc();
    const rest = decoding.createDecoder(fresh);
    expect(decoding.readVarUint(rest)).toBe(MESSAGE_SYNC_STEP2_V2);
    Y.applyUpdateV2(after, decoding.readVarUint8Array(rest));
    expect(readTranscriptWords(after).map((w) => w.text)).toEqual(['new', 'hello']);
    room.destroy();
  });

  it('compacts the log from its own document, unless someone else appended to the log meanwhile', () => {
    const room = new YjsRoom(transcriptId, documents, { compactEvery: 5 });
    const writer = new TestClient(room, 'write');
    for (let i = 0; i < 30; i++) writer.paragraph.insert(writer.paragraph.length, ` a${i}`, {});
    expect(documents.count(transcriptId)).toBeLessThanOrEqual(21);
    expect(readTranscriptWords(documents.load(transcriptId)).at(-1)?.text).toBe('a29');
    // another writer of the same database (a job storing a correction) appends while the room is open
    const outside = documents.load(transcriptId);
    const appended: Uint8Array[] = [];
    outside.on('update', (update: Uint8Array) => appended.push(update));
    (outside.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: Y.XmlText }>)[0]!.insert.insert(0, 'outside ', {});
    new DocumentStore(t.db).append(transcriptId, appended[0]!);
    for (let i = 0; i < 30; i++) writer.paragraph.insert(writer.paragraph.length, ` b${i}`, {});
    room.destroy();
    const words = readTranscriptWords(documents.load(transcriptId)).map((w) => w.text);
    expect(words[0]).toBe('outside');
    expect(words.at(-1)).toBe('b29');
    writer.destroy();
  });

  it('drops malformed messages with an error and keeps the document', () => {
    const room = new YjsRoom(transcriptId, documents);
    const a = new TestClient(room, 'write');
    expect(() => room.receive(a.peer, new Uint8Array([messageSync, 2, 5, 1, 2]))).toThrow();
    expect(readTranscriptWords(room.doc).map((w) => w.text)).toEqual(['hello']);
    room.destroy();
  });
});
