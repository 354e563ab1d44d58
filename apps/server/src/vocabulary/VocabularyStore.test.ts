import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../queue/testDatabase.ts';
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
    expect(changed.entry).toEqual({ phrase: 'rails', boost: 4, createdBy: null, createdAt: 1_000, updatedAt: 3_000 });

    expect(store.remove(a, 'metformin')).toBe(true);
    expect(store.remove(a, 'metformin')).toBe(false);
    expect(store.list(a).map((e) => e.phrase)).toEqual(['kubernetes', 'rails']);
    expect(store.list(b).map((e) => e.phrase)).toEqual(['other']);

    store.replace(a, [], null);
    expect(store.list(a)).toEqual([]);
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
