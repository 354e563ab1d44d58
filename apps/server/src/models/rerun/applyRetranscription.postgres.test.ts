// Exactly-once effect of a re-run across processes on PostgreSQL: two attempts of one retranscribe job (a worker that
// lost its lease and the worker that took the job over) apply their output at the same time; the transcript gets one
// machine revision and one before-rerun revision, and both attempts answer with the same machine revision.
import type { Segment } from '@verbatim/core';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openSqlDatabase } from '../../db/openSqlDatabase.ts';
import type { SqlDatabase } from '../../db/SqlDatabase.ts';
import { TranscriptRevisionStore } from '../../transcripts/revisions/TranscriptRevisionStore.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import { testPostgresDatabase } from '../../../test/postgres/testPostgresDatabase.ts';
import { applyRetranscription, type AppliedRetranscription, type RetranscriptionDeps } from './applyRetranscription.ts';

const OLD = { id: 'old', version: '1.0.0', sha256: 'aa'.repeat(32) };
const NEW = { id: 'new', version: '2.0.0', sha256: 'bb'.repeat(32) };
const segment = (...words: Array<[string, number]>): Segment => ({
  start: words[0]![1],
  end: words.at(-1)![1] + 0.3,
  words: words.map(([text, start]) => ({ text, start, end: start + 0.3, confidence: 0.8 })),
});

let first: SqlDatabase;
let second: SqlDatabase;

beforeEach(async () => {
  const url = await testPostgresDatabase();
  first = openSqlDatabase(url);
  second = openSqlDatabase(url);
});

afterEach(() => {
  first.close();
  second.close();
});

const depsOf = (db: SqlDatabase): RetranscriptionDeps => {
  const documents = new DocumentStore(db);
  return { db, documents, transcripts: new TranscriptStore(db, { documents }), revisions: new TranscriptRevisionStore(db) };
};

it('applies a re-run once when two attempts of its job apply theirs at the same time', () => {
  const projectId = crypto.randomUUID();
  first.prepare('INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)').run(projectId, 'Interviews', Date.now());
  const mine = depsOf(first);
  const theirs = depsOf(second);
  const transcriptId = mine.transcripts.create({ projectId, mediaId: crypto.randomUUID(), model: OLD, segments: [segment(['the', 0], ['quik', 0.5])] }).id;
  const input = { transcriptId, model: NEW, segments: [segment(['a', 0], ['quack', 0.5], ['fox', 1])], plugins: [], jobId: crypto.randomUUID(), by: null };

  // the first attempt has found no revision of its job, inside its transaction, when the other attempt (another
  // process) applies the same job's output and commits
  let other: AppliedRetranscription | undefined;
  const racing = new Proxy(mine.revisions, {
    get(target, property) {
      if (property === 'addSnapshot') {
        return (...args: Parameters<TranscriptRevisionStore['addSnapshot']>) => {
          other ??= applyRetranscription(theirs, input);
          return target.addSnapshot(...args);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

  const applied = applyRetranscription({ ...mine, revisions: racing }, input);
  expect(other?.before).toBeDefined();
  expect(applied).toEqual({ machine: other!.machine, before: undefined, carriedWords: 0, carriedDeletions: 0 });
  expect(mine.revisions.list(transcriptId).map((r) => r.kind).sort()).toEqual(['before-rerun', 'machine', 'machine']);
  expect(first.prepare('SELECT count(*) AS n FROM transcript_revisions WHERE job_id = ?').get(input.jobId)).toEqual({ n: 1 });
});
