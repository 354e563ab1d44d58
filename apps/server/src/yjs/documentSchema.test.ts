// The transcript document's schema through the real server (issue #18): a document stored by the schema-1 code is
// migrated as its room opens it (backup kept, one transaction); a document that cannot be edited (migration failed,
// invalid, newer schema) opens read-only for everyone and is never rewritten; clients of another schema are told to
// reload before they can write anything; REST changes to a read-only document are refused with 409.
import { readFileSync } from 'node:fs';
import type { Segment } from '@verbatim/core';
import { ROOM_CLOSE_CODES } from '@verbatim/core';
import { buildTranscriptDoc, encodeWordTiming, readTranscriptWords, TRANSCRIPT_META, TRANSCRIPT_ROOT, TRANSCRIPT_SCHEMA_KEY, transcriptDocVersion } from '@verbatim/core/document';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bearer, errorOf, startTestServer, type TestServer, type TestUser } from '../../test/testServer.ts';
import { YjsTestClient } from '../../test/yjsTestClient.ts';
import { paragraph, until, words } from '../../test/yjsTestHelpers.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { RELOAD_REASONS } from './createYjsEndpoint.ts';
import { DocumentStore } from './DocumentStore.ts';

const MODEL = { id: 'test-model', version: '1.0.0', sha256: 'cd'.repeat(32) };
const SEGMENTS: Segment[] = [{ speaker: 'Ada', start: 0.5, end: 1.3, words: [{ text: 'quik', start: 0.5, end: 0.9, confidence: 0.4 }, { text: 'fox', start: 1, end: 1.3, confidence: 0.9 }] }];
/** Written by the schema-1 code (per-field attributes, no meta map): see packages/core/test/fixtures. */
const SCHEMA1 = new Uint8Array(readFileSync(new URL('../../../../packages/core/test/fixtures/transcript-doc-schema1.bin', import.meta.url)));

let server: TestServer;
let editor: TestUser;
let reviewer: TestUser;
let projectId: string;
const clients: YjsTestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const owner = await server.createUser('owner');
  editor = await server.createUser('editor');
  reviewer = await server.createUser('reviewer');
  projectId = server.projects.createProject('Schemas', owner.user.id).id;
  server.projects.addMember(projectId, editor.user.id, 'editor');
  server.projects.addMember(projectId, reviewer.user.id, 'reviewer');
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await server?.close();
});

/** A transcript whose stored document is exactly `rows` (each a stored update), the way older code wrote them. */
function transcriptStoring(...rows: Uint8Array[]): string {
  const id = new TranscriptStore(server.db).create({ projectId, mediaId: 'media', model: MODEL, segments: SEGMENTS }).id;
  server.db.prepare('DELETE FROM doc_updates WHERE doc_id = ?').run(id);
  rows.forEach((row, index) => server.db.prepare('INSERT INTO doc_updates (doc_id, seq, "update") VALUES (?, ?, ?)').run(id, index + 1, row));
  return id;
}

const storedRows = (id: string) => server.db.prepare<[string], { seq: number; update: Buffer }>('SELECT seq, "update" FROM doc_updates WHERE doc_id = ? ORDER BY seq').all(id);
const backups = (id: string) => server.db.prepare<[string], { schema: number; update: Buffer }>('SELECT schema, "update" FROM doc_backups WHERE doc_id = ?').all(id);

async function join(user: TestUser, id: string, options: { schema?: number | null; sync?: boolean } = {}): Promise<YjsTestClient> {
  const client = await YjsTestClient.open(`${server.url.replace(/^http/, 'ws')}/yjs/${id}?token=${user.token}`, options);
  clients.push(client);
  return client;
}

function update(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  change(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

/** Expects the room to be read-only for `user`: told so, its edit refused, the stored rows as they were. */
async function expectReadOnly(id: string, user: TestUser, notice: RegExp): Promise<YjsTestClient> {
  const before = storedRows(id);
  const client = await join(user, id);
  expect(client.accessChanges).toEqual(['read']);
  expect(client.notices).toHaveLength(1);
  expect(client.notices[0]).toMatch(notice);
  const refused = server.logs.filter((log) => log.message === 'refused a document update the connection may not make').length;
  client.sendUpdate(update(client.doc, (doc) => doc.get(TRANSCRIPT_ROOT, Y.XmlText).insert(0, 'x')));
  await until(undefined, () => server.logs.filter((log) => log.message === 'refused a document update the connection may not make').length > refused, 'the refusal');
  expect(storedRows(id)).toEqual(before);
  return client;
}

describe('a document stored in schema 1', () => {
  it('is migrated as its room opens it: clients get schema 2 with the same words, the old log is kept as a backup', async () => {
    const id = transcriptStoring(SCHEMA1);
    const client = await join(editor, id);
    expect(transcriptDocVersion(client.doc)).toBe(2);
    expect(client.notices).toEqual([]);
    expect(words(client.doc)).toEqual(['we', 'measures', 'metformin', 'levels', 'today', 'thank', 'you']);
    expect(readTranscriptWords(client.doc)[0]).toMatchObject({ start: 0.5, end: 0.7, reviewed: true, reviewedBy: 'user-1', reviewedAt: 1_790_000_000_000 });
    // stored: one row in schema 2, and the original bytes in doc_backups
    const rows = storedRows(id);
    expect(rows).toHaveLength(1);
    const stored = new DocumentStore(server.db).load(id);
    expect(transcriptDocVersion(stored)).toBe(2);
    expect(backups(id)).toEqual([{ schema: 1, update: Buffer.from(SCHEMA1) }]);
    expect(server.logs.some((log) => log.message.startsWith('migrated a transcript document') && log.fields['transcriptId'] === id)).toBe(true);

    // and it is editable: an edit reaches the database
    paragraph(client.doc).insert(0, 'so ', { t: encodeWordTiming({ start: 0.1, end: 0.4, conf: 1, origin: 'human' }) });
    await until(undefined, () => words(new DocumentStore(server.db).load(id))[0] === 'so', 'the edit to be stored');
    expect(backups(id)).toHaveLength(1);
  });

  it('keeps the merged original when the old log had several rows', () => {
    const old = new Y.Doc();
    Y.applyUpdate(old, SCHEMA1);
    const more = update(old, (doc) => paragraph(doc).insert(0, 'so ', { start: 0.1, end: 0.4, conf: 1, origin: 'human' }));
    const id = transcriptStoring(SCHEMA1, more);
    const documents = new DocumentStore(server.db);
    expect(documents.migrate(id)).toBe('migrated');
    expect(words(documents.load(id))[0]).toBe('so');
    const [backup] = backups(id);
    expect(backup!.update).toEqual(Buffer.from(Y.mergeUpdates([SCHEMA1, more])));
    expect(documents.migrate(id)).toBe('current');
  });

  it('stays byte-identical and opens read-only for everyone, saying so, when its migration fails', async () => {
    // a schema-1 document whose root holds text instead of paragraphs: it does not read as schema 1
    const broken = new Y.Doc();
    broken.get(TRANSCRIPT_ROOT, Y.XmlText).insert(0, 'not a paragraph', { start: 0, end: 1 });
    const bytes = Y.encodeStateAsUpdate(broken);
    const id = transcriptStoring(bytes);
    await expectReadOnly(id, editor, /could not be converted.*read-only/);
    await expectReadOnly(id, reviewer, /could not be converted/);
    expect(storedRows(id)).toEqual([{ seq: 1, update: Buffer.from(bytes) }]);
    expect(backups(id)).toEqual([]);
    expect(server.logs.some((log) => log.message === 'opened a transcript document read-only' && log.fields['transcriptId'] === id && String(log.fields['detail']).includes('migration failed'))).toBe(true);
  });
});

describe('a document this server cannot edit', () => {
  it('written by a newer schema opens read-only with a notice naming it, and is never rewritten', async () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    doc.getMap(TRANSCRIPT_META).set(TRANSCRIPT_SCHEMA_KEY, 3);
    const id = transcriptStoring(Y.encodeStateAsUpdate(doc));
    const rows = storedRows(id);
    const client = await expectReadOnly(id, editor, /newer version of Verbatim \(schema 3\).*read-only.*Upgrade/);
    // presence still flows
    const other = await join(reviewer, id);
    client.announce({ user: 'editor' });
    await until(undefined, () => other.awareness.getStates().size > 0, 'the presence to arrive');
    expect(storedRows(id)).toEqual(rows);
  });

  it('that fails validation opens read-only', async () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    paragraph(doc).format(0, 4, { t: 'garbage' });
    const id = transcriptStoring(Y.encodeStateAsUpdate(doc));
    await expectReadOnly(id, editor, /damaged.*read-only/);
  });

  it('refuses REST changes with 409 and the same sentence', async () => {
    const doc = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    doc.getMap(TRANSCRIPT_META).set(TRANSCRIPT_SCHEMA_KEY, 3);
    const id = transcriptStoring(Y.encodeStateAsUpdate(doc));
    const accept = { action: 'accept', start: 0.5, end: 0.9, before: 'quik', after: 'quik', confidence: 0.4 };
    const post = () => server.fetch(`/api/transcripts/${id}/reviews`, { method: 'POST', headers: bearer(reviewer.token, { 'content-type': 'application/json' }), body: JSON.stringify(accept) });
    // the stored document (no room open)
    expect(await errorOf(await post())).toMatchObject({ status: 409, code: 'document-read-only', message: expect.stringMatching(/schema 3/) });
    // and the room's live document
    await join(editor, id);
    expect(await errorOf(await post())).toMatchObject({ status: 409, code: 'document-read-only' });
    // a current document takes the same review
    const fine = new TranscriptStore(server.db).create({ projectId, mediaId: 'media', model: MODEL, segments: SEGMENTS }).id;
    const ok = await server.fetch(`/api/transcripts/${fine}/reviews`, { method: 'POST', headers: bearer(reviewer.token, { 'content-type': 'application/json' }), body: JSON.stringify(accept) });
    expect(ok.status).toBe(201);
  });
});

describe('a client of another schema', () => {
  it('is closed with 4426 before it can read or write anything: older (or saying nothing) and newer', async () => {
    const id = new TranscriptStore(server.db).create({ projectId, mediaId: 'media', model: MODEL, segments: SEGMENTS }).id;
    const rows = storedRows(id);
    for (const [schema, reason] of [[null, RELOAD_REASONS.clientOlder], [1, RELOAD_REASONS.clientOlder], [3, RELOAD_REASONS.serverOlder]] as const) {
      const client = await join(editor, id, { schema, sync: false });
      // it writes at once, the way an old workbench would on connecting
      client.sendUpdate(update(client.doc, (doc) => doc.get(TRANSCRIPT_ROOT, Y.XmlText).insert(0, 'old')));
      expect(await client.closed).toEqual({ code: ROOM_CLOSE_CODES.reloadRequired, reason });
      expect(client.received.messages).toBe(0);
    }
    expect(storedRows(id)).toEqual(rows);
    // the current one is served
    expect(words((await join(editor, id)).doc)).toEqual(['quik', 'fox']);
  });
});
