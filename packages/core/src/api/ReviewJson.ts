import { z } from 'zod';

/** Longest `before` or `after` of a review, in characters. */
export const MAX_REVIEW_TEXT_CHARS = 500;

/** What a review decided: the word was right, or it was corrected. */
export const ReviewActionJson = z.enum(['accept', 'correct']);

const ReviewText = z.string().max(MAX_REVIEW_TEXT_CHARS);

/** `POST /api/transcripts/:id/reviews`: one review of a flagged word. */
export const CreateReviewBody = z
  .strictObject({
    action: ReviewActionJson.describe('"accept": the word was right (reviewers and above); "correct": it was corrected (editors and above).'),
    start: z.number().min(0).describe("The word's start, in seconds."),
    end: z.number().min(0).describe("The word's end, in seconds; not before start."),
    before: ReviewText.describe('The word(s) as recognised, before the review.'),
    after: ReviewText.describe('The word(s) after the review (the same as before for an accept; empty for a correction that deleted them).'),
    confidence: z.number().min(0).max(1).describe("The word's confidence when it was reviewed."),
  })
  .refine((body) => body.end >= body.start, { message: 'end must not be before start.', path: ['end'] });

/** A recorded review (`POST`, `DELETE` and `GET /api/transcripts/:id/reviews`). */
export const ReviewJson = z.object({
  id: z.uuid(),
  transcriptId: z.uuid(),
  userId: z.uuid().nullable().describe('Who reviewed (null once that account is gone).'),
  action: ReviewActionJson,
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

/** {@link CreateReviewBody} as a client sends it. */
export type CreateReviewBody = z.input<typeof CreateReviewBody>;
/** {@link ReviewJson} as it is on the wire. */
export type ReviewJson = z.infer<typeof ReviewJson>;
/** {@link ReviewActionJson} as it is on the wire. */
export type ReviewActionJson = z.infer<typeof ReviewActionJson>;
