import {
  CreateReviewBody,
  FlaggedWordJson,
  FlaggedWordsResponse,
  MAX_REVIEW_TEXT_CHARS as WIRE_MAX_REVIEW_TEXT_CHARS,
  ModelQualityJson,
  QualityResponse,
  ReviewJson,
} from '@verbatim/core/api';
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
  after: z.string().optional(),
});

// So is the page of flagged words.
export { FlaggedWordJson, FlaggedWordsResponse };

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
  Same<z.infer<typeof FlaggedWordsResponse>, Omit<FlaggedWords, 'next'> & { next: string | null }>,
  Same<z.infer<typeof ModelQualityJson>, ModelQuality>,
  Same<z.infer<typeof ReviewJson>['action'], ReviewAction>,
  Same<typeof WIRE_MAX_REVIEW_TEXT_CHARS, typeof MAX_REVIEW_TEXT_CHARS>,
] = [true, true, true, true, true, true];
void sameShapes;
