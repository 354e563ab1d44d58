import {
  CreateReviewBody,
  FlaggedQueryJson,
  FlaggedWordsResponse,
  MAX_FLAGGED_LIMIT,
  DEFAULT_FLAGGED_LIMIT,
  QualityResponse,
  ReviewJson,
  ReviewListQueryJson,
  ReviewListResponse,
} from '../../reviews/reviewSchemas.ts';
import type { ApiOperation } from './ApiOperation.ts';

/** The review routes of `API_OPERATIONS`. */
export const REVIEW_OPERATIONS: readonly ApiOperation[] = [
  {
    id: 'createReview', method: 'post', path: '/api/transcripts/:id/reviews', tag: 'review', auth: true, body: CreateReviewBody,
    errors: [400, 403, 404, 413, 415, 422],
    errorText: {
      422:
        "invalid-body; word-not-found: no word of the transcript's current text has this span (an accept names one word from exactly start to end; a correction the words lying from start to end, or, for a deletion (empty after), a span where the recogniser heard words); review-text-mismatch: an accept whose before and after are not both the word's text, or a correction that changes nothing or whose before and after both differ from the text in its span.",
    },
    summary:
      "Record the review of a word of the transcript's current text: accept it (reviewers and above) or correct it (editors and above; one word or several, an empty after for a deletion). Stores the reviewer, the time, the word's span as the document has it and the transcript's model version; the word's review mark itself is set in the document. One decision per word and action: a repeat returns the review already recorded, unchanged, and a withdrawn one (an undo) stands again as the caller's (a redo).",
    success: {
      status: 200,
      alsoStatus: 201,
      schema: ReviewJson,
      description: 'The recorded review: 201 when recorded now, 200 when the word already had a review with this action (that one is returned; standing again if it had been withdrawn).',
    },
  },
  {
    id: 'withdrawReview', method: 'delete', path: '/api/transcripts/:id/reviews/:reviewId', tag: 'review', auth: true, errors: [400, 404],
    errorText: {
      403: 'insufficient-role: withdrawing an accept needs reviewer, a correction editor or above; not-your-review: only its reviewer or a project owner withdraws a review.',
      404: 'Unknown transcript or not a member (transcript-not-found), or no such review of this transcript (review-not-found).',
    },
    summary:
      'Withdraw a review (the editor undid its decision): it stays on record with withdrawnAt and counts for nothing until the same decision is recorded again (POST, a redo). Withdrawing a withdrawn review changes nothing.',
    success: { status: 200, schema: ReviewJson, description: 'The review, withdrawn.' },
  },
  {
    id: 'listReviews', method: 'get', path: '/api/transcripts/:id/reviews', tag: 'review', auth: true, errors: [400, 404],
    query: {
      withdrawn: { schema: ReviewListQueryJson.shape.withdrawn, description: 'include: list withdrawn reviews too; exclude (default): only the standing ones.' },
    },
    summary: "A transcript's standing reviews, oldest first (any member); ?withdrawn=include adds the withdrawn ones.",
    success: { status: 200, schema: ReviewListResponse, description: 'The reviews.' },
  },
  {
    id: 'listFlaggedWords', method: 'get', path: '/api/projects/:id/flagged', tag: 'review', auth: true, errors: [400, 404],
    query: {
      threshold: { schema: FlaggedQueryJson.shape.threshold, description: "Flag words with a confidence below this, 0 to 1 (default: the project's reviewThreshold)." },
      limit: { schema: FlaggedQueryJson.shape.limit, description: `Most words to return, 1 to ${MAX_FLAGGED_LIMIT} (default ${DEFAULT_FLAGGED_LIMIT}).` },
    },
    errorText: { 400: 'Bad request: a project id that cannot exist, or a threshold or limit out of range.' },
    summary:
      "The project's words waiting for review (unreviewed, confidence below the threshold) in the transcripts' current documents, by transcript then time, with their media and context (any member). Stops reading transcripts once it holds limit words (see truncated).",
    success: { status: 200, schema: FlaggedWordsResponse, description: 'The flagged words.' },
  },
  {
    id: 'getProjectQuality', method: 'get', path: '/api/projects/:id/quality', tag: 'review', auth: true, errors: [400, 404],
    summary:
      "Quality per model version of the project's transcripts: transcripts, original words, reviewed words, accepts and corrections, and the correction rate corrected / (accepted + corrected) (any member).",
    success: { status: 200, schema: QualityResponse, description: 'One entry per model version.' },
  },
];
