import type { Segment } from '@verbatim/core';
import { readTranscriptTurns, readTranscriptWords } from '@verbatim/core/document';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/queueTestDatabase.ts';
import { JobQueue } from '../../queue/JobQueue.ts';
import { openTranscriptDocument } from '../../transcripts/revisions/openTranscriptDocument.ts';
import { documentTurnsOf, replaceTranscriptTurns } from '../../transcripts/revisions/replaceTranscriptTurns.ts';
import { TranscriptRevisionStore } from '../../transcripts/revisions/TranscriptRevisionStore.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import { applyRetranscription } from './applyRetranscription.ts';
import { RerunStore } from './RerunStore.ts';

const OLD = { id: 'old', version: '1.0.0', sha256: 'aa'.repeat(32) };
const NEW = { id: 'new', version: '2.0.0', sha256: 'bb'.repeat(32) };
const segment = (...words: Array<[string, number]>): Segment => ({
  start: words[0]![1],
  end: words.at(-1)![1] + 0.3,
  words: words.map(([text, start]) => ({ text, start, end: start + 0.3, confidence: 0.8 })),
});
const ORIGINAL = [segment(['the', 0], ['quik', 0.5], ['fox', 1])];
const FRESH = [segment(['a', 0], ['quack', 0.5], ['fox', 1], ['jumps', 1.5])];

let t: TestDatabase;
let clock: number;
let projectId: string;
let documents: DocumentStore;
let transcripts: TranscriptStore;
let revisions: TranscriptRevisionStore;

beforeEach(() => {
  t = createTestDatabase();
  clock = 1_000;
  projectId = t.addProject();
  documents = new DocumentStore(t.db);
  transcripts = new TranscriptStore(t.db, { documents, now: () => clock });
  revisions = new TranscriptRevisionStore(t.db, { now: () => clock });
});

afterEach(() => t.dispose());

const create = (model = OLD) => transcripts.create({ projectId, mediaId: crypto.randomUUID(), model, segments: ORIGINAL, plugins: [{ id: 'casing', version: '1' }] }).id;
const words = (id: string) => {
  const doc = documents.load(id);
  const read = readTranscriptWords(doc);
  doc.destroy();
  return read;
};

describe('applyRetranscription', () => {
  it('carries the corrected word into the new output, keeps both revisions and makes the new words and model the transcript\'s, once per job', () => {
    const id = create();
    const handle = openTranscriptDocument({ documents }, id);
    const turns = documentTurnsOf(readTranscriptTurns(handle.doc)).map((turn) => ({
      ...turn,
      words: turn.words.map((w) => (w.text === 'quik' ? { ...w, text: 'quick', origin: 'human' as const } : w)),
    }));
    handle.write((doc) => replaceTranscriptTurns(doc, turns));
    handle.close();
    clock = 2_000;
    const input = { transcriptId: id, model: NEW, segments: FRESH, plugins: [], jobId: crypto.randomUUID(), by: 'u-1' };
    const applied = applyRetranscription({ db: t.db, documents, transcripts, revisions }, input);
    expect(applied).toMatchObject({ carriedWords: 1, carriedDeletions: 0, before: { kind: 'before-rerun', model: OLD }, machine: { kind: 'machine', model: NEW, words: 4 } });
    expect(words(id).map((w) => w.text)).toEqual(['a', 'quick', 'fox', 'jumps']);
    expect(transcripts.get(id)).toMatchObject({ model: NEW, plugins: [] });
    expect(transcripts.originalSegments(id)).toEqual(FRESH);
    // a retried job finds its revision and changes nothing again
    const again = applyRetranscription({ db: t.db, documents, transcripts, revisions }, input);
    expect(again).toEqual({ machine: applied.machine, before: undefined, carriedWords: 0, carriedDeletions: 0 });
    expect(revisions.list(id).map((r) => r.kind)).toEqual(['machine', 'before-rerun', 'machine']);
    expect(documents.count(id)).toBeGreaterThan(0);
  });
});

describe('RerunStore', () => {
  it('selects what one model version made within the window, by when its words were made, and queues a job for each', () => {
    const queue = new JobQueue(t.db);
    const reruns = new RerunStore(t.db, { now: () => 5_000 });
    clock = 1_000;
    const early = create();
    clock = 3_000;
    const late = create();
    create({ ...OLD, version: '1.1.0' });
    const from = { id: OLD.id, version: OLD.version };
    expect(reruns.select({ projectId, fromModel: from }).map((s) => s.id)).toEqual([early, late]);
    expect(reruns.select({ projectId, fromModel: from, since: 2_000 }).map((s) => s.id)).toEqual([late]);
    expect(reruns.select({ projectId, fromModel: from, until: 2_000 }).map((s) => s.id)).toEqual([early]);
    expect(reruns.select({ projectId: t.addProject(), fromModel: from })).toEqual([]);

    const rerun = reruns.create(queue, { projectId, fromModel: OLD, model: NEW, transcriptIds: [early, late], since: 0, createdBy: 'u-1' });
    expect(rerun).toMatchObject({ projectId, fromModel: OLD, model: NEW, createdAt: 5_000, createdBy: 'u-1' });
    expect(rerun.jobIds.map((jobId) => queue.get(jobId)!.payload)).toEqual([
      { transcriptId: early, model: 'new@2.0.0', rerunId: rerun.id, requestedBy: 'u-1' },
      { transcriptId: late, model: 'new@2.0.0', rerunId: rerun.id, requestedBy: 'u-1' },
    ]);
    expect(reruns.list(projectId)).toEqual([rerun]);

    // once re-run with the new model, a transcript is the new model's, made when the re-run made its words
    clock = 9_000;
    applyRetranscription({ db: t.db, documents, transcripts, revisions }, { transcriptId: early, model: NEW, segments: FRESH, plugins: [], jobId: rerun.jobIds[0]!, by: 'u-1' });
    expect(reruns.select({ projectId, fromModel: from }).map((s) => s.id)).toEqual([late]);
    expect(reruns.select({ projectId, fromModel: { id: NEW.id, version: NEW.version }, since: 8_000 }).map((s) => s.id)).toEqual([early]);
    queue.dispose();
  });
});
