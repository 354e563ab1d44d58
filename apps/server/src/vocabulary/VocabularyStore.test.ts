import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/queueTestDatabase.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { MAX_PROJECT_VOCABULARY_ENTRIES, toVocabularyEntries, VocabularyStore } from './VocabularyStore.ts';
import { VocabularyStoreError } from './VocabularyStoreError.ts';

let test: TestDatabase;
let store: VocabularyStore;
let clock: number;

beforeEach(() => {
  test = createTestDatabase();
  clock = 1_000;
  store = new VocabularyStore(test.db, { now: () => clock });
});

afterEach(() => test.dispose());

describe('VocabularyStore', () => {
  it('replaces, adds, changes and removes entries, each project on its own', () => {
    const a = test.addProject('A');
    const b = test.addProject('B');
    expect(store.list(a)).toEqual([]);
    store.replace(a, [{ phrase: 'metformin', soundsLike: ['met forming'], boost: 2.5 }, { phrase: 'rails', displayAs: 'Rails' }], null);
    store.replace(b, [{ phrase: 'other' }], null);
    expect(toVocabularyEntries(store.list(a))).toEqual([
      { phrase: 'metformin', soundsLike: ['met forming'], boost: 2.5 },
      { phrase: 'rails', displayAs: 'Rails' },
    ]);

    clock = 2_000;
    expect(store.add(a, { phrase: 'kubernetes' }, null)).toMatchObject({ created: true, entry: { phrase: 'kubernetes', createdAt: 2_000 } });
    clock = 3_000;
    const changed = store.add(a, { phrase: 'rails', boost: 4 }, null);
    expect(changed.created).toBe(false);
    expect(changed.entry).toEqual({
      phrase: 'rails',
      boost: 4,
      source: { kind: 'import' },
      createdBy: null,
      createdByName: null,
      createdAt: 1_000,
      updatedBy: null,
      updatedByName: null,
      updatedAt: 3_000,
    });

    expect(store.remove(a, 'metformin')).toBe(true);
    expect(store.remove(a, 'metformin')).toBe(false);
    expect(store.list(a).map((e) => e.phrase)).toEqual(['kubernetes', 'rails']);
    expect(store.list(b).map((e) => e.phrase)).toEqual(['other']);

    store.replace(a, [], null);
    expect(store.list(a)).toEqual([]);
  });

  it('keeps where each entry came from and who added and changed it', () => {
    const a = test.addProject();
    const [eve, sam] = ['Eve', 'Sam'].map((name) => {
      const id = crypto.randomUUID();
      test.db.prepare("INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (?, ?, ?, 'x', 0)").run(id, `${name}@example.org`, name);
      return id;
    }) as [string, string];
    test.db.prepare("INSERT INTO media (id, project_id, sha256, original_name, format, bytes, duration_s, sample_rate, channels, created_at) VALUES ('m1', ?, ?, 'ward round.wav', 'wav', 1, 1, 16000, 1, 0)").run(a, 'ab'.repeat(32));
    const transcriptId = new TranscriptStore(test.db).create({ projectId: a, mediaId: 'm1', model: { id: 'en', version: '1', sha256: 'cd'.repeat(32) }, segments: [] }).id;

    store.add(a, { phrase: 'atrial' }, eve, { kind: 'correction', transcriptId, before: 'at', after: 'atrial' });
    store.add(a, { phrase: 'sinus' }, eve);
    clock = 2_000;
    // a change keeps the entry's origin and creator, and names who changed it
    store.add(a, { phrase: 'atrial', soundsLike: ['a trial'] }, sam, { kind: 'manual' });
    expect(store.get(a, 'atrial')).toEqual({
      phrase: 'atrial',
      soundsLike: ['a trial'],
      source: { kind: 'correction', transcriptId, mediaName: 'ward round.wav', before: 'at', after: 'atrial' },
      createdBy: eve,
      createdByName: 'Eve',
      createdAt: 1_000,
      updatedBy: sam,
      updatedByName: 'Sam',
      updatedAt: 2_000,
    });
    expect(store.get(a, 'sinus')).toMatchObject({ source: { kind: 'manual' }, createdByName: 'Eve', updatedByName: 'Eve' });

    // an import keeps the phrases that stay as they came, and records the new ones as imported
    store.replace(a, [{ phrase: 'atrial' }, { phrase: 'stent' }], sam);
    expect(store.list(a).map((e) => [e.phrase, e.source.kind, e.createdByName])).toEqual([['atrial', 'correction', 'Eve'], ['stent', 'import', 'Sam']]);

    // the transcript and the accounts may go; the record of where the entry came from stays
    test.db.prepare('DELETE FROM transcripts WHERE id = ?').run(transcriptId);
    test.db.prepare('DELETE FROM users WHERE id = ?').run(eve);
    expect(store.get(a, 'atrial')).toMatchObject({
      source: { kind: 'correction', transcriptId: null, mediaName: null, before: 'at', after: 'atrial' },
      createdBy: null,
      createdByName: null,
    });
  });

  it('refuses a vocabulary over the cap or with a phrase twice, and keeps the old one', () => {
    const a = test.addProject();
    store.replace(a, [{ phrase: 'kept' }], null);
    const tooMany = Array.from({ length: MAX_PROJECT_VOCABULARY_ENTRIES + 1 }, (_, i) => ({ phrase: `p${i}` }));
    expect(() => store.replace(a, tooMany, null)).toThrow(expect.objectContaining({ name: 'VocabularyStoreError', code: 'too-many-entries' }));
    expect(() => store.replace(a, [{ phrase: 'x' }, { phrase: 'x', boost: 1 }], null)).toThrow(VocabularyStoreError);
    expect(store.list(a).map((e) => e.phrase)).toEqual(['kept']);
  });

  it('refuses to add past the cap, but still changes an entry that is there', () => {
    const a = test.addProject();
    store.replace(a, Array.from({ length: MAX_PROJECT_VOCABULARY_ENTRIES }, (_, i) => ({ phrase: `p${i}` })), null);
    expect(() => store.add(a, { phrase: 'one more' }, null)).toThrow(expect.objectContaining({ code: 'too-many-entries' }));
    expect(store.add(a, { phrase: 'p7', boost: 3 }, null).created).toBe(false);
  });

  it('goes with its project', () => {
    const a = test.addProject();
    store.replace(a, [{ phrase: 'gone' }], null);
    test.db.prepare('DELETE FROM projects WHERE id = ?').run(a);
    expect(store.list(a)).toEqual([]);
  });
});
