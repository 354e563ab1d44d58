import type * as Y from 'yjs';
import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { readTranscriptWords } from '@verbatim/core/document';
import { ReadOnlyDocumentError, readOnlyMarkOf } from '../transcripts/ReadOnlyDocument.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { locateReviewedWord } from './locateReviewedWord.ts';
import { ReviewError } from './ReviewError.ts';

/** What a reviewer did to a flagged word: confirmed it as it was, or corrected it. */
export type ReviewAction = 'accept' | 'correct';

/** The review actions, in the order they are described. */
export const REVIEW_ACTIONS = ['accept', 'correct'] as const satisfies readonly ReviewAction[];

/** Longest `before`/`after` text of a review, in characters. */
export const MAX_REVIEW_TEXT_CHARS = 500;

/** One recorded review of a word. Times of the word in seconds; `createdAt` in milliseconds since the epoch. */
export interface Review {
  readonly id: string;
  readonly transcriptId: string;
  /** Who reviewed; null once that account is gone. */
  readonly userId: string | null;
  readonly action: ReviewAction;
  readonly start: number;
  readonly end: number;
  /** The word(s) as they read before the review. */
  readonly before: string;
  /** The word(s) as they read after it (the same as `before` for an accept). */
  readonly after: string;
  /** The recogniser's confidence in the word that was reviewed. */
  readonly confidence: number;
  readonly createdAt: number;
  /** When the decision was taken back (undone), in milliseconds since the epoch; null while it stands. */
  readonly withdrawnAt: number | null;
}

/** What {@link ReviewStore#add} needs. */
export interface NewReview {
  readonly transcriptId: string;
  readonly userId: string;
  readonly action: ReviewAction;
  readonly start: number;
  readonly end: number;
  readonly before: string;
  readonly after: string;
  readonly confidence: number;
}

/** The reviews of one model version within a project (see {@link ReviewStore#countByModel}). */
export interface ModelReviewCounts {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly accepted: number;
  readonly corrected: number;
}

/** What {@link ReviewStore#add} did: recorded a new review, or found the word's decision already recorded. */
export interface AddedReview {
  readonly review: Review;
  /**
   * False when this word already had a review with this action; `review` is then that earlier one, unchanged while
   * it stood, or made to stand again by this caller when it had been withdrawn (see `restored`).
   */
  readonly created: boolean;
  /** True when the word's earlier review with this action had been withdrawn and now stands again (a redo). */
  readonly restored: boolean;
}

/** Options of {@link ReviewStore#list}. */
export interface ListReviewsOptions {
  /** Also list withdrawn reviews (default: only the standing ones). */
  readonly withdrawn?: boolean;
}

/** Options of {@link ReviewStore}. */
export interface ReviewStoreOptions {
  readonly now?: () => number;
  /** Where the transcripts' documents are read from, to check that a review names a real word (default: over `db`). */
  readonly documents?: DocumentStore;
  /**
   * The document of the transcript's open collaboration room, when one is loaded: current to the last update the
   * room accepted (and stored), so a review made in the workbench is checked without reading and merging the
   * document's whole update log (~0.5 s for a 3-hour transcript).
   */
  readonly liveDocument?: (transcriptId: string) => Y.Doc | undefined;
}

interface ReviewRow {
  id: string;
  transcript_id: string;
  user_id: string | null;
  action: ReviewAction;
  start_seconds: number;
  end_seconds: number;
  before_text: string;
  after_text: string;
  confidence: number;
  created_at: number;
  withdrawn_at: number | null;
}

/**
 * The reviews of flagged words over the `reviews` table: each records who accepted or corrected which word when,
 * and carries its transcript's model id and version so corrections can be counted per model version. A review must
 * name a real word of the transcript's current document, and each word holds at most one decision per action, so
 * the counts measure words, not requests. A decision undone in the editor is withdrawn (kept, counted for nothing) and
 * stands again when the same decision is recorded again (redo).
 *
 * @example
 * reviews.add({ transcriptId, userId, action: 'correct', start: 1.2, end: 1.5, before: 'quik', after: 'quick', confidence: 0.41 });
 * reviews.countByModel(projectId); // [{ modelId, modelVersion, accepted: 0, corrected: 1 }]
 */
export class ReviewStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;
  readonly #documents: DocumentStore;
  readonly #liveDocument: (transcriptId: string) => Y.Doc | undefined;

  constructor(db: SqlDatabase, options: ReviewStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#documents = options.documents ?? new DocumentStore(db);
    this.#liveDocument = options.liveDocument ?? (() => undefined);
  }

  /**
   * Records a review of a word of the transcript's current document (see `locateReviewedWord`), with the document's
   * own times for the word. Idempotent: when the word already has a review with this action, that review is returned
   * with `created: false`, unchanged while it stands; a withdrawn one stands again, as this caller's, with this
   * before and after text (`restored: true`). Throws {@link ReviewError} `invalid-review`, `transcript-not-found`,
   * `word-not-found` or `review-text-mismatch`, and `ReadOnlyDocumentError` when the document opened read-only
   * (invalid, newer schema, failed migration: see `DocumentStore.open`).
   */
  add(input: NewReview): AddedReview {
    checkReview(input);
    if (this.#transcript(input.transcriptId) === undefined) throw transcriptNotFound(input.transcriptId);
    // a deletion may find its words gone already: the recogniser's words say whether there were any
    const original = input.action === 'correct' && input.after.trim() === '' ? this.#originalSpans(input.transcriptId) : [];
    const live = this.#liveDocument(input.transcriptId);
    const opened = live === undefined ? this.#documents.open(input.transcriptId) : undefined;
    const doc = live ?? opened!.doc;
    let span;
    try {
      // its marks cannot be set: no decision about its words can be recorded either
      const readOnly = live === undefined ? opened!.readOnly : readOnlyMarkOf(live);
      if (readOnly !== undefined) throw new ReadOnlyDocumentError(readOnly);
      span = locateReviewedWord(readTranscriptWords(doc), input, original);
    } finally {
      if (live === undefined) doc.destroy();
    }
    const review: Review = {
      id: randomUUID(),
      transcriptId: input.transcriptId,
      userId: input.userId,
      action: input.action,
      start: span.start,
      end: span.end,
      before: input.before,
      after: input.after,
      confidence: input.confidence,
      createdAt: this.#now(),
      withdrawnAt: null,
    };
    const insert = this.#db.transaction((): AddedReview => {
      const transcript = this.#transcript(input.transcriptId);
      if (transcript === undefined) throw transcriptNotFound(input.transcriptId);
      const inserted = this.#db
        .prepare(
          `INSERT INTO reviews (id, transcript_id, project_id, user_id, action, start_seconds, end_seconds, before_text, after_text, confidence, model_id, model_version, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (transcript_id, action, start_seconds, end_seconds) DO NOTHING`,
        )
        .run(
          review.id, review.transcriptId, transcript.project_id, review.userId, review.action, review.start, review.end,
          review.before, review.after, review.confidence, transcript.model_id, transcript.model_version, review.createdAt,
        ).changes;
      if (inserted === 1) return { review, created: true, restored: false };
      const existing = this.#db
        .prepare<[string, string, number, number], ReviewRow>(
          `SELECT ${REVIEW_COLUMNS} FROM reviews WHERE transcript_id = ? AND action = ? AND start_seconds = ? AND end_seconds = ?`,
        )
        .get(review.transcriptId, review.action, review.start, review.end)!;
      if (existing.withdrawn_at === null) return { review: reviewFromRow(existing), created: false, restored: false };
      this.#db
        .prepare(
          `UPDATE reviews SET withdrawn_at = NULL, withdrawn_by = NULL, user_id = ?, before_text = ?, after_text = ?, confidence = ?, created_at = ?
           WHERE id = ?`,
        )
        .run(review.userId, review.before, review.after, review.confidence, review.createdAt, existing.id);
      return { review: { ...review, id: existing.id }, created: false, restored: true };
    });
    return insert.immediate();
  }

  /**
   * Withdraws a standing review of the transcript (its decision was undone): it stays on record with the time and
   * who took it back, and counts for nothing until recorded again. Withdrawing a withdrawn review changes nothing.
   * Returns the review as it is now, or undefined when the transcript has no review `reviewId`.
   */
  withdraw(transcriptId: string, reviewId: string, userId: string): Review | undefined {
    const write = this.#db.transaction((): Review | undefined => {
      this.#db
        .prepare('UPDATE reviews SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ? AND transcript_id = ? AND withdrawn_at IS NULL')
        .run(this.#now(), userId, reviewId, transcriptId);
      return this.get(transcriptId, reviewId);
    });
    return write.immediate();
  }

  /** The transcript's review `reviewId`, standing or withdrawn. */
  get(transcriptId: string, reviewId: string): Review | undefined {
    const row = this.#db
      .prepare<[string, string], ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE id = ? AND transcript_id = ?`)
      .get(reviewId, transcriptId);
    return row === undefined ? undefined : reviewFromRow(row);
  }

  /** A transcript's standing reviews (and its withdrawn ones, when asked), oldest first. */
  list(transcriptId: string, options: ListReviewsOptions = {}): Review[] {
    const standing = options.withdrawn === true ? '' : ' AND withdrawn_at IS NULL';
    return this.#db
      .prepare<[string], ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE transcript_id = ?${standing} ORDER BY created_at, rowid`)
      .all(transcriptId)
      .map(reviewFromRow);
  }

  /**
   * How many accepts and corrections each model version of a project's transcripts received (standing reviews only),
   * by model and version.
   */
  countByModel(projectId: string): ModelReviewCounts[] {
    return this.#db
      .prepare<[string], { model_id: string; model_version: string; accepted: number; corrected: number }>(
        `SELECT model_id, model_version,
                SUM(action = 'accept') AS accepted, SUM(action = 'correct') AS corrected
         FROM reviews WHERE project_id = ? AND withdrawn_at IS NULL GROUP BY model_id, model_version ORDER BY model_id, model_version`,
      )
      .all(projectId)
      .map((row) => ({ modelId: row.model_id, modelVersion: row.model_version, accepted: row.accepted, corrected: row.corrected }));
  }

  #originalSpans(transcriptId: string): { start: number; end: number }[] {
    const row = this.#db.prepare<[string], { original_words: string }>('SELECT original_words FROM transcripts WHERE id = ?').get(transcriptId);
    if (row === undefined) return [];
    return (JSON.parse(row.original_words) as Array<{ words: Array<{ start: number; end: number }> }>).flatMap((segment) => segment.words);
  }

  #transcript(transcriptId: string): { project_id: string; model_id: string; model_version: string } | undefined {
    return this.#db
      .prepare<[string], { project_id: string; model_id: string; model_version: string }>('SELECT project_id, model_id, model_version FROM transcripts WHERE id = ?')
      .get(transcriptId);
  }
}

const REVIEW_COLUMNS = 'id, transcript_id, user_id, action, start_seconds, end_seconds, before_text, after_text, confidence, created_at, withdrawn_at';

function transcriptNotFound(transcriptId: string): ReviewError {
  return new ReviewError('transcript-not-found', `There is no transcript ${transcriptId}.`);
}

function checkReview(input: NewReview): void {
  const problems: string[] = [];
  if (!(REVIEW_ACTIONS as readonly string[]).includes(input.action)) problems.push(`action must be accept or correct, not ${JSON.stringify(input.action)}`);
  if (!(Number.isFinite(input.start) && input.start >= 0)) problems.push('start must be a finite number of seconds, at least 0');
  if (!(Number.isFinite(input.end) && input.end >= input.start)) problems.push('end must be a finite number of seconds, not before start');
  for (const key of ['before', 'after'] as const) {
    if (typeof input[key] !== 'string' || input[key].length > MAX_REVIEW_TEXT_CHARS) problems.push(`${key} must be text of at most ${MAX_REVIEW_TEXT_CHARS} characters`);
  }
  if (!(Number.isFinite(input.confidence) && input.confidence >= 0 && input.confidence <= 1)) problems.push('confidence must be a number from 0 to 1');
  if (problems.length > 0) throw new ReviewError('invalid-review', `The review is not valid: ${problems.join('; ')}.`);
}

function reviewFromRow(row: ReviewRow): Review {
  return {
    id: row.id,
    transcriptId: row.transcript_id,
    userId: row.user_id,
    action: row.action,
    start: row.start_seconds,
    end: row.end_seconds,
    before: row.before_text,
    after: row.after_text,
    confidence: row.confidence,
    createdAt: row.created_at,
    withdrawnAt: row.withdrawn_at,
  };
}
