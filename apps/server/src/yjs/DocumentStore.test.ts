import { readFileSync } from 'node:fs';
import type { Segment } from '@verbatim/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildTranscriptDoc, readTranscriptWords, TRANSCRIPT_META, TRANSCRIPT_ROOT, TRANSCRIPT_SCHEMA_KEY, transcriptDocVersion } from '@verbatim/core/document';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import type { PostgresDatabase } from '../db/postgres/PostgresDatabase.ts';
import { sqlDialect } from '../db/sqlDialect.ts';
import { DocumentStore } from './DocumentStore.ts';
import { openTestDatabase, type TestDatabase } from '../../test/testDatabase.ts';

const MODEL = { id: 'test-model', version: '1.2.3', sha256: 'ab'.repeat(32) };
const SEGMENTS: Segment[] = [
  {
    speaker: 'Ada',
    start: 0,
    end: 1,
    words: [
      { text: 'good', start: 0, end: 0.4, confidence: 0.9 },
      { text: 'morning', start: 0.5, end: 1, confidence: 0.6 },
    ],
  },
];

let t: TestDatabase;
beforeEach(async () => {
  t = await openTestDatabase();
});
afterEach(() => t.close());

// edits the stored document the way a client would: load, change, append the change
function edit(documents: DocumentStore, id: string, change: (paragraph: Y.XmlText) => void): void {
  const doc = documents.load(id);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  change((doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: Y.XmlText }>)[0]!.insert);
  for (const update of updates) documents.append(id, update);
  doc.destroy();
}

describe('TranscriptStore', () => {
  it('stores the transcript, its provenance, its original words and its first document update together', () => {
    const documents = new DocumentStore(t.db);
    const transcripts = new TranscriptStore(t.db, { documents, now: () => 1234 });
    const record = transcripts.create({ projectId: t.projectId, mediaId: 'media-1', model: MODEL, segments: SEGMENTS });
    expect(transcripts.get(record.id)).toEqual({ id: record.id, projectId: t.projectId, mediaId: 'media-1', model: MODEL, plugins: [], createdAt: 1234 });
    expect(transcripts.listForProject(t.projectId).map((r) => r.id)).toEqual([record.id]);
    expect(documents.count(record.id)).toBe(1);
    expect(readTranscriptWords(documents.load(record.id)).map((w) => w.text)).toEqual(['good', 'morning']);
    expect(transcripts.originalSegments(record.id)).toEqual(SEGMENTS);
  });

  it('keeps the original words immutable while the document changes', () => {
    const documents = new DocumentStore(t.db);
    const transcripts = new TranscriptStore(t.db, { documents });
    const record = transcripts.create({ projectId: t.projectId, mediaId: 'media-1', model: MODEL, segments: SEGMENTS });
    edit(documents, record.id, (p) => p.delete(0, 5));
    expect(readTranscriptWords(documents.load(record.id)).map((w) => w.text)).toEqual(['morning']);
    expect(transcripts.originalSegments(record.id)).toEqual(SEGMENTS);
    expect(() => t.db.prepare(`UPDATE transcripts SET original_words = '[]' WHERE id = ?`).run(record.id)).toThrow(/immutable/);
    expect(() => t.db.prepare(`UPDATE transcripts SET model_sha256 = 'x' WHERE id = ?`).run(record.id)).toThrow(/immutable/);
  });

  it('refuses an unknown project and malformed words with specific errors, storing nothing', () => {
    const transcripts = new TranscriptStore(t.db);
    expect(() => transcripts.create({ projectId: 'nope', mediaId: 'm', model: MODEL, segments: SEGMENTS })).toThrow(
      expect.objectContaining({ code: 'project-not-found' }),
    );
    const bad: Segment[] = [{ start: 0, end: 1, words: [{ text: 'two words', start: 0, end: 1, confidence: 0.5 }] }];
    expect(() => transcripts.create({ projectId: t.projectId, mediaId: 'm', model: MODEL, segments: bad })).toThrow(
      expect.objectContaining({ code: 'invalid-transcript' }),
    );
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM transcripts').get()).toEqual({ n: 0 });
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM doc_updates').get()).toEqual({ n: 0 });
  });
});

describe('DocumentStore', () => {
  it('appends updates that survive reopening the database file', () => {
    const documents = new DocumentStore(t.db);
    const record = new TranscriptStore(t.db, { documents }).create({ projectId: t.projectId, mediaId: 'm', model: MODEL, segments: SEGMENTS });
    edit(documents, record.id, (p) => p.insert(4, ' day', {}));
    t.db.close();
    const reopened = new DocumentStore(t.reopen());
    expect(reopened.count(record.id)).toBe(2);
    expect(readTranscriptWords(reopened.load(record.id)).map((w) => w.text)).toEqual(['good', 'day', 'morning']);
  });

  it('compacts many updates into one without changing the content', () => {
    const documents = new DocumentStore(t.db, { compactAbove: 5 });
    const record = new TranscriptStore(t.db, { documents }).create({ projectId: t.projectId, mediaId: 'm', model: MODEL, segments: SEGMENTS });
    for (let i = 0; i < 3; i++) edit(documents, record.id, (p) => p.insert(p.length, ` w${i}`, {}));
    expect(documents.compact(record.id)).toBe(false); // 4 stored, not above 5
    for (let i = 3; i < 8; i++) edit(documents, record.id, (p) => p.insert(p.length, ` w${i}`, {}));
    edit(documents, record.id, (p) => p.delete(12, 3)); // " w0", from the middle: deleted content is collected
    const before = documents.load(record.id).get(TRANSCRIPT_ROOT, Y.XmlText).toJSON();
    expect(documents.count(record.id)).toBe(10);
    expect(documents.compact(record.id)).toBe(true);
    expect(documents.count(record.id)).toBe(1);
    const after = documents.load(record.id);
    expect(after.get(TRANSCRIPT_ROOT, Y.XmlText).toJSON()).toBe(before);
    expect(readTranscriptWords(after).map((w) => w.text)).toEqual(['good', 'morning', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7']);
    // appending after a compaction continues the sequence
    edit(documents, record.id, (p) => p.insert(p.length, ' end', {}));
    expect(readTranscriptWords(documents.load(record.id)).at(-1)?.text).toBe('end');
  });

  it('gives the rows after a sequence number, and after a compaction its merged row stands for every row it replaced', () => {
    const documents = new DocumentStore(t.db, { compactAbove: 2 });
    const id = new TranscriptStore(t.db, { documents }).create({ projectId: t.projectId, mediaId: 'm', model: MODEL, segments: SEGMENTS }).id;
    // a reader (another process's room) that has applied the first row
    const reader = new Y.Doc();
    for (const row of documents.updatesAfter(id, 0)) Y.applyUpdate(reader, row.update);
    const held = documents.lastSeq(id);
    for (const word of ['one', 'two', 'three']) edit(documents, id, (p) => p.insert(p.length, ` ${word}`));
    expect(documents.updatesAfter(id, held).map((row) => row.seq)).toEqual([held + 1, held + 2, held + 3]);
    expect(documents.compact(id)).toBe(true);
    edit(documents, id, (p) => p.insert(p.length, ' four'));
    // the merged row keeps the last replaced row's number: reading after what one holds still gives what one lacks
    const rows = documents.updatesAfter(id, held);
    expect(rows.map((row) => row.seq)).toEqual([held + 3, held + 4]);
    for (const row of rows) Y.applyUpdate(reader, row.update);
    expect(readTranscriptWords(reader).map((w) => w.text)).toEqual(['good', 'morning', 'one', 'two', 'three', 'four']);
    expect(documents.updatesAfter(id, held + 4)).toEqual([]);
  });

  it('loads an unknown document as empty', () => {
    const doc = new DocumentStore(t.db).load('missing');
    expect(doc.get(TRANSCRIPT_ROOT, Y.XmlText).length).toBe(0);
  });
});

describe('DocumentStore.open and migrate (schema migration)', () => {
  const SCHEMA1 = new Uint8Array(readFileSync(new URL('../../../../packages/core/test/fixtures/transcript-doc-schema1.bin', import.meta.url)));

  function storing(update: Uint8Array): string {
    const documents = new DocumentStore(t.db);
    const id = new TranscriptStore(t.db, { documents }).create({ projectId: t.projectId, mediaId: 'm', model: MODEL, segments: SEGMENTS }).id;
    t.db.prepare('DELETE FROM doc_updates WHERE doc_id = ?').run(id);
    t.db.prepare('INSERT INTO doc_updates (doc_id, seq, "update") VALUES (?, 1, ?)').run(id, update);
    return id;
  }
  const rows = (id: string) => t.db.prepare('SELECT seq, "update" FROM doc_updates WHERE doc_id = ? ORDER BY seq').all(id);
  const backups = (id: string) => t.db.prepare('SELECT schema, "update", saved_at FROM doc_backups WHERE doc_id = ?').all(id);

  it('migrates a schema-1 document once, keeping the original bytes with the time they were replaced', () => {
    const id = storing(SCHEMA1);
    const documents = new DocumentStore(t.db, { now: () => 42 });
    const opened = documents.open(id);
    expect(opened).toMatchObject({ storedSchema: 1, migrated: true });
    expect(opened.readOnly).toBeUndefined();
    expect(transcriptDocVersion(opened.doc)).toBe(2);
    expect(backups(id)).toEqual([{ schema: 1, update: Buffer.from(SCHEMA1), saved_at: 42 }]);
    expect(documents.open(id)).toMatchObject({ storedSchema: 2, migrated: false });
    expect(backups(id)).toHaveLength(1);
  });

  it('writes nothing when the replacement fails half-way: the original rows stay and the document opens read-only', () => {
    const id = storing(SCHEMA1);
    const before = rows(id);
    // the backup is written and the old rows deleted before the new row's insert fails: all of it must roll back
    const postgres = sqlDialect(t.db) === 'postgres' ? (t.db as unknown as PostgresDatabase) : undefined;
    if (postgres === undefined) t.db.exec(`CREATE TRIGGER fail_insert BEFORE INSERT ON doc_updates WHEN NEW.doc_id = '${id}' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    else {
      postgres.execRaw(`CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.doc_id = '${id}' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$`);
      postgres.execRaw('CREATE TRIGGER fail_insert BEFORE INSERT ON doc_updates FOR EACH ROW EXECUTE FUNCTION fail_insert()');
    }
    const opened = new DocumentStore(t.db).open(id);
    expect(opened.readOnly).toMatchObject({ code: 'migration-failed', detail: expect.stringContaining('disk full') });
    expect(transcriptDocVersion(opened.doc)).toBe(1);
    expect(rows(id)).toEqual(before);
    expect(backups(id)).toEqual([]);
    expect(() => new DocumentStore(t.db).migrate(id)).toThrow(/disk full/);
    if (postgres === undefined) t.db.exec('DROP TRIGGER fail_insert');
    else postgres.execRaw('DROP TRIGGER fail_insert ON doc_updates');
    expect(new DocumentStore(t.db).migrate(id)).toBe('migrated');
  });

  it('opens a document of a newer schema, or an invalid one, read-only and as stored', () => {
    const newer = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    newer.getMap(TRANSCRIPT_META).set(TRANSCRIPT_SCHEMA_KEY, 5);
    const newerId = storing(Y.encodeStateAsUpdate(newer));
    expect(new DocumentStore(t.db).open(newerId).readOnly).toMatchObject({ code: 'newer-schema', notice: expect.stringContaining('(schema 5)') });
    expect(() => new DocumentStore(t.db).migrate(newerId)).toThrow(expect.objectContaining({ code: 'newer-schema' }));

    const invalid = buildTranscriptDoc(new Y.Doc(), SEGMENTS);
    (invalid.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: Y.XmlText }>)[0]!.insert.format(0, 4, { onclick: 'x' });
    const invalidId = storing(Y.encodeStateAsUpdate(invalid));
    expect(new DocumentStore(t.db).open(invalidId).readOnly).toMatchObject({ code: 'invalid-document', detail: expect.stringContaining('unknown attribute "onclick"') });
    expect(backups(newerId)).toEqual([]);
    expect(backups(invalidId)).toEqual([]);
  });
});
