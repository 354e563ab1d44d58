import { CreateReviewBody, MAX_REVIEW_TEXT_CHARS as WIRE_MAX_REVIEW_TEXT_CHARS, ModelQualityJson, QualityResponse, ReviewJson } from '@verbatim/core/api';
import { z } from 'zod';
import type { FlaggedWord, FlaggedWords } from './findFlaggedWords.ts';
import type { ModelQuality } from './measureQuality.ts';
import { MAX_REVIEW_TEXT_CHARS, type Review, type ReviewAction } from './ReviewStore.ts';

/** Largest `limit` of `GET /api/projects/:id/flagged`. */
export const MAX_FLAGGED_LIMIT = 2000;
/** `limit` of `GET /api/projects/:id/flagged` when none is given. */
export const DEFAULT_FLAGGED_LIMIT = 500;

// The review body and record are declared in @verbatim/core/api, for the workbench that sends and reads them too.
export { CreateReviewBody, ReviewJson };

/** `GET /api/transcripts/:id/reviews`, oldest first. */
export const ReviewListResponse = z.object({ reviews: z.array(ReviewJson) });

/** Query of `GET /api/transcripts/:id/reviews`. */
export const ReviewListQueryJson = z.strictObject({
  withdrawn: z.enum(['include', 'exclude']).optional(),
});

/** Query of `GET /api/projects/:id/flagged`. */
export const FlaggedQueryJson = z.strictObject({
  threshold: z.coerce.number().min(0).max(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_FLAGGED_LIMIT).optional(),
});

/** A word waiting for review, with where it is. */
export const FlaggedWordJson = z.object({
  transcriptId: z.uuid(),
  mediaId: z.string(),
  mediaName: z.string().describe("The uploaded file's name; empty when the media was deleted since."),
  text: z.string(),
  start: z.number().describe('Seconds.'),
  end: z.number().describe('Seconds.'),
  confidence: z.number(),
  context: z.string().describe('The word with up to two words either side of it in its paragraph (five words at most).'),
});

/** `GET /api/projects/:id/flagged`. */
export const FlaggedWordsResponse = z.object({
  threshold: z.number().describe('The threshold used: ?threshold=, else the project\'s reviewThreshold.'),
  total: z
    .int()
    .describe('Flagged words in the transcripts read: every flagged word of the project unless truncated, else a lower bound.'),
  truncated: z.boolean().describe('True when the limit was reached before every transcript was read (total is then a lower bound).'),
  items: z.array(FlaggedWordJson).describe('The first `limit` flagged words (unreviewed, confidence below the threshold), by transcript (oldest first) then start.'),
});

// So are the quality rows the workbench's Quality view shows.
export { ModelQualityJson, QualityResponse };

/** {@link ReviewJson} of a review. */
export function toReviewJson(review: Review): z.infer<typeof ReviewJson> {
  return { ...review };
}

// Compile-time checks that the schemas describe what the routes really send.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<z.infer<typeof ReviewJson>, Review>,
  Same<z.infer<typeof FlaggedWordJson>, FlaggedWord>,
  Same<z.infer<typeof FlaggedWordsResponse>, FlaggedWords>,
  Same<z.infer<typeof ModelQualityJson>, ModelQuality>,
  Same<z.infer<typeof ReviewJson>['action'], ReviewAction>,
  Same<typeof WIRE_MAX_REVIEW_TEXT_CHARS, typeof MAX_REVIEW_TEXT_CHARS>,
] = [true, true, true, true, true, true];
void sameShapes;
