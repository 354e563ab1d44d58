// A client that fails over from one web process to another may send an update building on a row the first process
// stored that the second has not heard of yet: the room reads the stored rows before judging it.
import type { Segment } from '@verbatim/core';
import * as encoding from 'lib0/encoding';
import { afterEach, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { testPostgresDatabase } from '../../../test/postgres/testPostgresDatabase.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/testDatabase.ts';
import { paragraph, words } from '../../../test/yjsTestHelpers.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../DocumentStore.ts';
import { messageSync } from '../yjsMessages.ts';
import { YjsRoom, type RefusedUpdate, type YjsPeer } from '../YjsRoom.ts';
import { PostgresDocumentRelay } from './PostgresDocumentRelay.ts';

const SEGMENTS: Segment[] = [{ speaker: 'Ada', start: 0, end: 1, words: [{ text: 'hello', start: 0, end: 1, confidence: 0.9 }] }];
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

it('reads rows another process stored, not yet announced, before judging an update that builds on them', async () => {
  const t: TestDatabase = await openTestDatabase();
  cleanup.push(() => t.close());
  // a relay that hears nothing (no one announces on this SQLite file): the room must read the rows itself
  const relay = new PostgresDocumentRelay(await testPostgresDatabase());
  cleanup.push(() => relay.dispose());
  const documents = new DocumentStore(t.db);
  const transcriptId = new TranscriptStore(t.db, { documents }).create({ projectId: t.projectId, mediaId: 'm', model: { id: 'm', version: '1', sha256: 'ab'.repeat(32) }, segments: SEGMENTS }).id;
  const room = new YjsRoom(transcriptId, documents, { relay });
  cleanup.push(() => room.destroy());
  const refused: RefusedUpdate[] = [];
  room.onDidRefuseUpdate((refusal) => void refused.push(refusal));
  const peer: YjsPeer = { access: 'write', userId: 'ada', send() {}, close() {} };
  room.join(peer);

  // the client's document, as the other process had it: with an edit that process stored
  const client = documents.load(transcriptId);
  let stored: Uint8Array | undefined;
  client.once('update', (update: Uint8Array) => (stored = update));
  paragraph(client).insert(paragraph(client).length, ' there', {});
  documents.append(transcriptId, stored!);
  // its next edit builds on that one
  const before = Y.encodeStateVector(client);
  paragraph(client).insert(paragraph(client).length, ' again', {});
  room.receive(peer, updateMessage(Y.encodeStateAsUpdate(client, before)));

  expect(refused).toEqual([]);
  expect(words(room.doc)).toEqual(['hello', 'there', 'again']);
  expect(words(documents.load(transcriptId))).toEqual(['hello', 'there', 'again']);
  client.destroy();
});
