import {
  CreateReviewBody,
  FlaggedQueryJson,
  FlaggedWordsResponse,
  MAX_FLAGGED_LIMIT,
  DEFAULT_FLAGGED_LIMIT,
  QualityResponse,
  ReviewJson,
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
        "invalid-body; word-not-found: no word of the transcript's current text has this span (an accept names one word from exactly start to end; a correction the words from one starting at start to one ending at end); review-text-mismatch: an accept whose before and after are not both the word's text, or a correction that changes nothing or whose before and after both differ from the text in its span.",
    },
    summary:
      "Record the review of a word of the transcript's current text: accept it (reviewers and above) or correct it (editors and above). Stores the reviewer, the time, the word's span as the document has it and the transcript's model version; the word's review mark itself is set in the document. One decision per word and action: a repeat returns the review already recorded, unchanged.",
    success: { status: 200, alsoStatus: 201, schema: ReviewJson, description: 'The recorded review: 201 when recorded now, 200 when the word already had a review with this action (that one is returned).' },
  },
  {
    id: 'listReviews', method: 'get', path: '/api/transcripts/:id/reviews', tag: 'review', auth: true, errors: [400, 404],
    summary: "A transcript's reviews, oldest first (any member).",
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
