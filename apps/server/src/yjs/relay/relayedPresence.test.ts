// A process that dies says nothing: the presence of its clients must still leave the other processes' rooms.
import type { Segment } from '@verbatim/core';
import { afterEach, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { testPostgresDatabase } from '../../../test/postgres/testPostgresDatabase.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/testDatabase.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../DocumentStore.ts';
import { YjsRoom, type YjsPeer } from '../YjsRoom.ts';
import { PostgresDocumentRelay } from './PostgresDocumentRelay.ts';

const SEGMENTS: Segment[] = [{ speaker: 'Ada', start: 0, end: 1, words: [{ text: 'hello', start: 0, end: 1, confidence: 0.9 }] }];
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const step of cleanup.splice(0).reverse()) await step();
});

it("drops a dead process's clients' presence when it is not renewed within awareness's 30 s, and tells this process's clients", async () => {
  const url = await testPostgresDatabase();
  const t: TestDatabase = await openTestDatabase();
  cleanup.push(() => t.close());
  const [dying, living] = [new PostgresDocumentRelay(url), new PostgresDocumentRelay(url)];
  cleanup.push(() => dying.dispose(), () => living.dispose());
  await Promise.all([dying.ready(), living.ready()]);
  const documents = new DocumentStore(t.db);
  const transcriptId = new TranscriptStore(t.db, { documents }).create({ projectId: t.projectId, mediaId: 'm', model: { id: 'm', version: '1', sha256: 'ab'.repeat(32) }, segments: SEGMENTS }).id;
  // the room's awareness check interval is faked from here: the relay's own timers stay real
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  const room = new YjsRoom(transcriptId, documents, { relay: living });
  cleanup.push(() => room.destroy());
  const sent: Uint8Array[] = [];
  const peer: YjsPeer = { access: 'write', userId: 'grace', send: (message) => void sent.push(message), close() {} };
  room.join(peer);

  const elsewhere = new awarenessProtocol.Awareness(new Y.Doc());
  elsewhere.setLocalState({ user: { name: 'ada' } });
  const arrived = new Promise<void>((resolve) => room.awareness.once('change', () => resolve()));
  dying.publishAwareness(transcriptId, awarenessProtocol.encodeAwarenessUpdate(elsewhere, [elsewhere.clientID]), 'ada');
  await arrived;
  expect(room.awareness.getStates().get(elsewhere.clientID)).toEqual({ user: { name: 'ada' } });
  // the process dies: no removal is ever sent, and the presence is no longer renewed
  await dying.dispose();
  const before = sent.length;
  // awareness looks every 3 s; a state renewed under 30 s ago stays
  vi.advanceTimersByTime(3_000);
  expect(room.awareness.getStates().has(elsewhere.clientID)).toBe(true);
  // lib0 reads the time through the real Date.now it kept: the state is aged rather than the clock moved
  room.awareness.meta.get(elsewhere.clientID)!.lastUpdated -= 30_000;
  vi.advanceTimersByTime(3_000);
  expect(room.awareness.getStates().has(elsewhere.clientID)).toBe(false);
  // this process's client was told (an awareness message)
  expect(sent.slice(before).some((message) => message[0] === 1)).toBe(true);
  elsewhere.destroy();
});
