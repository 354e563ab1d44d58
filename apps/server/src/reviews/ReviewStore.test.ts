import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/queueTestDatabase.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { ReviewError } from './ReviewError.ts';
import { ReviewStore, type NewReview } from './ReviewStore.ts';

const WORDS = [{ text: 'quik', start: 0.3, end: 0.7, confidence: 0.4 }];

let t: TestDatabase;
let reviews: ReviewStore;
let clock: number;
let projectId: string;
let userId: string;
let v1: string;
let v2: string;

beforeEach(() => {
  t = createTestDatabase();
  clock = 1000;
  reviews = new ReviewStore(t.db, { now: () => clock });
  projectId = t.addProject();
  userId = crypto.randomUUID();
  t.db.prepare("INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (?, 'a@example.org', 'A', 'x', 0)").run(userId);
  const transcripts = new TranscriptStore(t.db);
  const make = (version: string) =>
    transcripts.create({ projectId, mediaId: 'm', model: { id: 'en', version, sha256: 'ab'.repeat(32) }, segments: [{ start: 0, end: 1, words: WORDS }] }).id;
  v1 = make('1.0.0');
  v2 = make('2.0.0');
});

afterEach(() => t.dispose());

const review = (transcriptId: string, overrides: Partial<NewReview> = {}): NewReview => ({
  transcriptId,
  userId,
  action: 'correct',
  start: 0.3,
  end: 0.7,
  before: 'quik',
  after: 'quick',
  confidence: 0.4,
  ...overrides,
});

function errorOf(run: () => unknown): ReviewError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ReviewError);
    return error as ReviewError;
  }
  throw new Error('expected a ReviewError');
}

describe('ReviewStore', () => {
  it("checks a review against the open room's document when one is loaded, not a fresh read of the log", () => {
    const transcripts = new TranscriptStore(t.db);
    const other = transcripts.create({ projectId, mediaId: 'm', model: { id: 'en', version: '1.0.0', sha256: 'ab'.repeat(32) }, segments: [{ start: 2, end: 3, words: [{ text: 'zebra', start: 2, end: 2.5, confidence: 0.3 }] }] }).id;
    // stands in for v1's live document: it has "zebra" where v1's stored log has "quik"
    const live = new DocumentStore(t.db).load(other);
    const withRoom = new ReviewStore(t.db, { now: () => clock, liveDocument: (id) => (id === v1 ? live : undefined) });
    expect(withRoom.add(review(v1, { action: 'accept', start: 2, end: 2.5, before: 'zebra', after: 'zebra' })).created).toBe(true);
    expect(errorOf(() => withRoom.add(review(v1, { action: 'accept', after: 'quik' }))).code).toBe('word-not-found');
    // the room's document is the room's: checking a review does not destroy it
    expect(live.isDestroyed).toBe(false);
    expect(withRoom.add(review(v2, { action: 'accept', after: 'quik' })).created).toBe(true);
    live.destroy();
  });

  it('records reviews with who and when, and lists a transcript\'s oldest first', () => {
    const first = reviews.add(review(v1));
    clock = 2000;
    reviews.add(review(v1, { action: 'accept', after: 'quik' }));
    reviews.add(review(v2));
    expect(first).toEqual({
      created: true,
      restored: false,
      review: { id: expect.any(String), transcriptId: v1, userId, action: 'correct', start: 0.3, end: 0.7, before: 'quik', after: 'quick', confidence: 0.4, createdAt: 1000, withdrawnAt: null },
    });
    expect(reviews.list(v1).map((r) => [r.action, r.createdAt])).toEqual([['correct', 1000], ['accept', 2000]]);
    expect(reviews.list(v1)[0]).toEqual(first.review);
  });

  it('keeps one decision per word and action, returning the first for a repeat', () => {
    const first = reviews.add(review(v1, { action: 'accept', after: 'quik' }));
    clock = 2000;
    const again = reviews.add(review(v1, { action: 'accept', after: 'quik', start: 0.3 + 1e-9 }));
    expect(again).toEqual({ created: false, restored: false, review: first.review });
    expect(reviews.add(review(v1)).created).toBe(true);
    expect(reviews.list(v1)).toHaveLength(2);
  });

  it('withdraws an undone decision, which then counts for nothing, and restores it when it is made again', () => {
    const correction = reviews.add(review(v1)).review;
    const accept = reviews.add(review(v1, { action: 'accept', after: 'quik' })).review;
    clock = 2000;
    expect(reviews.withdraw(v1, correction.id, userId)).toEqual({ ...correction, withdrawnAt: 2000 });
    clock = 3000;
    // withdrawing twice changes nothing
    expect(reviews.withdraw(v1, correction.id, userId)).toMatchObject({ withdrawnAt: 2000 });
    expect(reviews.withdraw(v2, correction.id, userId)).toBeUndefined();
    expect(reviews.list(v1)).toEqual([accept]);
    expect(reviews.list(v1, { withdrawn: true }).map((r) => r.id)).toEqual([correction.id, accept.id]);
    expect(reviews.countByModel(projectId)).toEqual([{ modelId: 'en', modelVersion: '1.0.0', accepted: 1, corrected: 0 }]);

    // redo: the same decision stands again, the same record, once however often it is sent
    clock = 4000;
    const redone = reviews.add(review(v1));
    expect(redone).toEqual({ created: false, restored: true, review: { ...correction, createdAt: 4000 } });
    expect(reviews.add(review(v1))).toEqual({ created: false, restored: false, review: redone.review });
    expect(reviews.list(v1, { withdrawn: true })).toHaveLength(2);
    expect(reviews.countByModel(projectId)).toEqual([{ modelId: 'en', modelVersion: '1.0.0', accepted: 1, corrected: 1 }]);
  });

  it('records a correction over several words with their whole span, and a deletion of words', () => {
    const transcripts = new TranscriptStore(t.db);
    const words = [
      { text: 'real', start: 5.68, end: 5.9, confidence: 0.3 },
      { text: 'firea', start: 6, end: 6.2, confidence: 0.2 },
      { text: 'tion', start: 6.32, end: 6.52, confidence: 0.4 },
      { text: 'um', start: 7, end: 7.2, confidence: 0.2 },
    ];
    const id = transcripts.create({ projectId, mediaId: 'm', model: { id: 'en', version: '1.0.0', sha256: 'ab'.repeat(32) }, segments: [{ start: 5, end: 8, words }] }).id;
    const fixed = reviews.add({ transcriptId: id, userId, action: 'correct', start: 5.68, end: 6.52, before: 'real firea tion', after: 'fibrillation', confidence: 0.2 });
    expect(fixed.review).toMatchObject({ start: 5.68, end: 6.52, before: 'real firea tion', after: 'fibrillation' });
    // a deletion: the words are still there (its edit has not arrived) ...
    const deletion = { transcriptId: id, userId, action: 'correct' as const, start: 7, end: 7.2, before: 'um', after: '', confidence: 0.2 };
    expect(reviews.add(deletion).review).toMatchObject({ start: 7, end: 7.2, after: '' });
    // ... but a deletion where the recogniser heard nothing is no review
    expect(errorOf(() => reviews.add({ ...deletion, start: 20, end: 21 })).code).toBe('word-not-found');
  });

  it("refuses a review of a word the transcript's document does not have", () => {
    expect(errorOf(() => reviews.add(review(v1, { start: 0.5, end: 0.9 }))).code).toBe('word-not-found');
    expect(errorOf(() => reviews.add(review(v1, { action: 'accept' }))).code).toBe('review-text-mismatch');
    expect(errorOf(() => reviews.add(review(v1, { action: 'accept', before: 'quick', after: 'quick' }))).code).toBe('review-text-mismatch');
    expect(reviews.list(v1)).toEqual([]);
  });

  it("counts accepts and corrections per model version of the project's transcripts", () => {
    reviews.add(review(v1));
    reviews.add(review(v1, { action: 'accept', after: 'quik' }));
    reviews.add(review(v1, { action: 'accept', after: 'quik' }));
    reviews.add(review(v2));
    expect(reviews.countByModel(projectId)).toEqual([
      { modelId: 'en', modelVersion: '1.0.0', accepted: 1, corrected: 1 },
      { modelId: 'en', modelVersion: '2.0.0', accepted: 0, corrected: 1 },
    ]);
    expect(reviews.countByModel(t.addProject())).toEqual([]);
  });

  it('refuses a review that is not one, saying every problem, and stores nothing', () => {
    const bad = errorOf(() => reviews.add(review(v1, { action: 'reject' as never, start: -1, end: Number.NaN, after: 'x'.repeat(501), confidence: 1.5 })));
    expect(bad.code).toBe('invalid-review');
    for (const part of ['action', 'start', 'end', 'after', 'confidence']) expect(bad.message).toContain(part);
    expect(errorOf(() => reviews.add(review(v1, { start: 2, end: 1 }))).code).toBe('invalid-review');
    expect(errorOf(() => reviews.add(review(crypto.randomUUID()))).code).toBe('transcript-not-found');
    expect(reviews.list(v1)).toEqual([]);
  });

  it("outlives the reviewer's account but not the transcript", () => {
    reviews.add(review(v1));
    t.db.prepare('DELETE FROM users WHERE id = ?').run(userId);
    expect(reviews.list(v1)[0]!.userId).toBeNull();
    t.db.prepare('DELETE FROM transcripts WHERE id = ?').run(v1);
    expect(t.db.prepare('SELECT count(*) AS n FROM reviews').get()).toEqual({ n: 0 });
  });
});
