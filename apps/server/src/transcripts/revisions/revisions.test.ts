import type { Segment } from '@verbatim/core';
import { MAX_WORDS_PER_PARAGRAPH, readTranscriptTurns, readTranscriptWords, TRANSCRIPT_META, TRANSCRIPT_ROOT, TRANSCRIPT_SCHEMA_KEY } from '@verbatim/core/document';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestDatabase, type TestDatabase } from '../../../test/queueTestDatabase.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import { ReadOnlyDocumentError } from '../ReadOnlyDocument.ts';
import { TranscriptStore } from '../TranscriptStore.ts';
import { openTranscriptDocument } from './openTranscriptDocument.ts';
import { documentTurnsOf, replaceTranscriptTurns } from './replaceTranscriptTurns.ts';
import { restoreRevision } from './restoreRevision.ts';
import { TranscriptRevisionStore, turnsOfSegments } from './TranscriptRevisionStore.ts';

const MODEL = { id: 'first', version: '1.0.0', sha256: 'aa'.repeat(32) };
const SEGMENTS: Segment[] = [
  {
    speaker: 'Ada',
    start: 0,
    end: 1.2,
    words: [
      { text: 'the', start: 0, end: 0.2, confidence: 0.9 },
      { text: 'quik', start: 0.3, end: 0.7, confidence: 0.4 },
      { text: 'fox', start: 0.8, end: 1.2, confidence: 0.95 },
    ],
  },
];

let t: TestDatabase;
let documents: DocumentStore;
let transcripts: TranscriptStore;
let revisions: TranscriptRevisionStore;
let transcriptId: string;
let clock: number;

beforeEach(() => {
  t = createTestDatabase();
  clock = 1_000;
  documents = new DocumentStore(t.db);
  transcripts = new TranscriptStore(t.db, { documents, now: () => 500 });
  revisions = new TranscriptRevisionStore(t.db, { now: () => clock++ });
  transcriptId = transcripts.create({ projectId: t.addProject(), mediaId: crypto.randomUUID(), model: MODEL, segments: SEGMENTS }).id;
});

afterEach(() => t.dispose());

const text = (id: string) => {
  const doc = documents.load(id);
  const words = readTranscriptWords(doc).map((w) => w.text).join(' ');
  doc.destroy();
  return words;
};

/** An editor's correction of "quik" (a person's word, reviewed) written into the stored document. */
function correct(): void {
  const handle = openTranscriptDocument({ documents }, transcriptId);
  const turns = documentTurnsOf(readTranscriptTurns(handle.doc)).map((turn) => ({
    ...turn,
    words: turn.words.map((w) => (w.text === 'quik' ? { ...w, text: 'quick', origin: 'human' as const, review: { by: 'u-1', at: 7 } } : w)),
  }));
  handle.write((doc) => replaceTranscriptTurns(doc, turns));
  handle.close();
}

describe('TranscriptRevisionStore', () => {
  it("keeps a transcript's first machine output as its first revision, from its stored words, dated when it was made", () => {
    const [first, ...rest] = revisions.list(transcriptId);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ transcriptId, kind: 'machine', model: MODEL, words: 3, createdAt: 500, createdBy: null });
    const content = revisions.read(transcriptId, first!.id)!;
    expect(content.turns).toEqual(turnsOfSegments(SEGMENTS));
    expect(content.original).toEqual(SEGMENTS);
    expect(revisions.list(transcriptId)).toEqual([first]);
    expect(revisions.read(transcriptId, crypto.randomUUID())).toBeUndefined();
    expect(revisions.list(crypto.randomUUID())).toEqual([]);
  });

  it("lets the transcript's words and model move only to a revision's: arbitrary changes are still refused", () => {
    const other = { id: 'second', version: '2.0.0', sha256: 'bb'.repeat(32) };
    const words: Segment[] = [{ start: 0, end: 0.2, words: [{ text: 'a', start: 0, end: 0.2, confidence: 0.5 }] }];
    expect(() => t.db.prepare('UPDATE transcripts SET model_id = ? WHERE id = ?').run('second', transcriptId)).toThrow(/immutable/);
    const machine = revisions.add({ transcriptId, kind: 'machine', model: other, turns: turnsOfSegments(words), original: words, createdBy: 'u-1' });
    expect(revisions.adoptMachineWords(transcriptId, machine.id)).toBe(true);
    expect(transcripts.get(transcriptId)!.model).toEqual(other);
    expect(transcripts.originalSegments(transcriptId)).toEqual(words);
    // back to the first, which the store kept before the change
    expect(revisions.adoptMachineWords(transcriptId, revisions.list(transcriptId)[0]!.id)).toBe(true);
    expect(transcripts.get(transcriptId)!.model).toEqual(MODEL);
    expect(transcripts.originalSegments(transcriptId)).toEqual(SEGMENTS);
    const snapshot = revisions.addSnapshot(transcriptId, 'before-rerun', [], 'u-1');
    expect(snapshot).toMatchObject({ kind: 'before-rerun', model: MODEL, words: 0 });
    expect(revisions.list(transcriptId).map((r) => r.kind)).toEqual(['machine', 'machine', 'before-rerun']);
  });
});

describe('replaceTranscriptTurns', () => {
  it("writes turns in one update, keeping a person's origin and review marks, splitting long turns into paragraphs", () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const long = Array.from({ length: MAX_WORDS_PER_PARAGRAPH + 1 }, (_, i) => ({ text: `w${i}`, start: i, end: i + 0.5, confidence: 0.8, origin: 'asr' as const }));
    replaceTranscriptTurns(doc, [
      { speaker: 'Ada', start: 0, words: [{ text: 'Hello', start: 0, end: 0.4, confidence: 1, origin: 'human', review: { by: 'u-1', at: 99 } }] },
      { speaker: 'Bob', start: 1, words: [] },
      { speaker: 'Cy', start: 0, words: long },
    ]);
    expect(updates).toHaveLength(1);
    expect(doc.getMap(TRANSCRIPT_META).get(TRANSCRIPT_SCHEMA_KEY)).toBe(2);
    const turns = readTranscriptTurns(doc);
    expect(turns.map((turn) => [turn.speaker, turn.words.length])).toEqual([['Ada', 1], ['Cy', MAX_WORDS_PER_PARAGRAPH], ['Cy', 1]]);
    expect(turns[0]!.words[0]).toEqual({ text: 'Hello', start: 0, end: 0.4, confidence: 1, origin: 'human', reviewed: true, reviewedBy: 'u-1', reviewedAt: 99 });
    expect(turns[2]!.start).toBe(MAX_WORDS_PER_PARAGRAPH);
    // replacing again leaves only the new text
    replaceTranscriptTurns(doc, documentTurnsOf(turns.slice(0, 1)));
    expect(readTranscriptTurns(doc)).toEqual(turns.slice(0, 1));
    expect(doc.get(TRANSCRIPT_ROOT, Y.XmlText).length).toBe(1);
  });
});

describe('restoreRevision', () => {
  it('brings a revision back, keeping the document it replaced as a before-restore revision', () => {
    correct();
    expect(text(transcriptId)).toBe('the quick fox');
    const first = revisions.list(transcriptId)[0]!;
    const restored = restoreRevision({ db: t.db, documents, revisions }, transcriptId, first.id, 'u-2')!;
    expect(restored.restored).toEqual(first);
    expect(restored.before).toMatchObject({ kind: 'before-restore', model: MODEL, words: 3, createdBy: 'u-2' });
    expect(text(transcriptId)).toBe('the quik fox');
    // the restore can itself be undone: the corrected text, with its person's word and mark, is in the revision
    const kept = revisions.read(transcriptId, restored.before.id)!.turns[0]!.words[1];
    expect(kept).toMatchObject({ text: 'quick', origin: 'human', reviewed: true, reviewedBy: 'u-1', reviewedAt: 7 });
    restoreRevision({ db: t.db, documents, revisions }, transcriptId, restored.before.id, 'u-2');
    expect(text(transcriptId)).toBe('the quick fox');
    expect(revisions.list(transcriptId).map((r) => r.kind)).toEqual(['machine', 'before-restore', 'before-restore']);
    expect(restoreRevision({ db: t.db, documents, revisions }, transcriptId, crypto.randomUUID(), 'u-2')).toBeUndefined();
  });

  it("writes through an open room's document when there is one, and refuses a read-only document", () => {
    correct();
    const live = documents.load(transcriptId);
    const seen: Uint8Array[] = [];
    live.on('update', (update: Uint8Array) => seen.push(update));
    const count = documents.count(transcriptId);
    restoreRevision({ db: t.db, documents, revisions, liveDocument: (id) => (id === transcriptId ? live : undefined) }, transcriptId, revisions.list(transcriptId)[0]!.id, 'u-2');
    // the room stores and forwards what it is given; nothing was appended behind its back
    expect(seen).toHaveLength(1);
    expect(documents.count(transcriptId)).toBe(count);
    expect(readTranscriptWords(live).map((w) => w.text).join(' ')).toBe('the quik fox');
    live.destroy();

    // a document written in a schema newer than this server's opens read-only
    const newer = documents.load(transcriptId);
    const before = Y.encodeStateVector(newer);
    newer.getMap(TRANSCRIPT_META).set(TRANSCRIPT_SCHEMA_KEY, 99);
    documents.append(transcriptId, Y.encodeStateAsUpdate(newer, before));
    newer.destroy();
    expect(() => restoreRevision({ db: t.db, documents, revisions }, transcriptId, revisions.list(transcriptId)[0]!.id, 'u-2')).toThrow(ReadOnlyDocumentError);
    expect(revisions.list(transcriptId).map((r) => r.kind)).toEqual(['machine', 'before-restore']);
  });
});
