import { z } from 'zod';
import type { FlaggedWord, FlaggedWords } from './findFlaggedWords.ts';
import type { ModelQuality } from './measureQuality.ts';
import { MAX_REVIEW_TEXT_CHARS, REVIEW_ACTIONS, type Review } from './ReviewStore.ts';

/** Largest `limit` of `GET /api/projects/:id/flagged`. */
export const MAX_FLAGGED_LIMIT = 2000;
/** `limit` of `GET /api/projects/:id/flagged` when none is given. */
export const DEFAULT_FLAGGED_LIMIT = 500;

const ReviewText = z.string().max(MAX_REVIEW_TEXT_CHARS);

/** `POST /api/transcripts/:id/reviews`: one review of a flagged word. */
export const CreateReviewBody = z
  .strictObject({
    action: z.enum(REVIEW_ACTIONS).describe('"accept": the word was right (reviewers and above); "correct": it was corrected (editors and above).'),
    start: z.number().min(0).describe("The word's start, in seconds."),
    end: z.number().min(0).describe("The word's end, in seconds; not before start."),
    before: ReviewText.describe('The word(s) as recognised, before the review.'),
    after: ReviewText.describe('The word(s) after the review (the same as before for an accept; empty for a correction that deleted them).'),
    confidence: z.number().min(0).max(1).describe("The word's confidence when it was reviewed."),
  })
  .refine((body) => body.end >= body.start, { message: 'end must not be before start.', path: ['end'] });

/** A recorded review. */
export const ReviewJson = z.object({
  id: z.uuid(),
  transcriptId: z.uuid(),
  userId: z.uuid().nullable().describe('Who reviewed (null once that account is gone).'),
  action: z.enum(REVIEW_ACTIONS),
  start: z.number().describe('Seconds.'),
  end: z.number().describe('Seconds.'),
  before: z.string(),
  after: z.string(),
  confidence: z.number(),
  createdAt: z.int().describe('Milliseconds since the epoch.'),
  withdrawnAt: z
    .int()
    .nullable()
    .describe('When the decision was taken back (undone in the editor), in milliseconds since the epoch; null while it stands. Withdrawn reviews count for nothing.'),
});

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

/** How one model version fares in a project. */
export const ModelQualityJson = z.object({
  modelId: z.string(),
  modelVersion: z.string(),
  transcripts: z.int().describe('Transcripts this model version made in the project.'),
  words: z.int().describe('Words it recognised: the original words kept beside those transcripts, unchanged by edits.'),
  reviewed: z.int().describe("Words of those transcripts' current documents marked reviewed."),
  accepted: z.int().describe('Standing reviews (POST /api/transcripts/:id/reviews, not withdrawn) that accepted a word as recognised.'),
  corrected: z.int().describe('Standing reviews that corrected (or deleted) words.'),
  correctionRate: z
    .number()
    .nullable()
    .describe('corrected / (accepted + corrected): the share of reviewed flagged words the model got wrong; null before any review.'),
});

/** `GET /api/projects/:id/quality`. */
export const QualityResponse = z.object({ models: z.array(ModelQualityJson).describe('One entry per model id and version, by id then version.') });

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
] = [true, true, true, true];
void sameShapes;
