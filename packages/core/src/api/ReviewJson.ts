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

/** A word waiting for review, with where it is (`GET /api/projects/:id/flagged`). */
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

/** `GET /api/projects/:id/flagged`: a page of a project's words waiting for review. */
export const FlaggedWordsResponse = z.object({
  threshold: z.number().describe("The threshold used: ?threshold=, else the project's reviewThreshold."),
  total: z
    .int()
    .describe('Flagged words in the transcripts read (from ?after= on): every remaining flagged word of the project unless truncated, else a lower bound.'),
  truncated: z.boolean().describe('True when the limit was reached before every transcript was read (total is then a lower bound).'),
  items: z.array(FlaggedWordJson).describe('The first `limit` flagged words (unreviewed, confidence below the threshold) after ?after=, by transcript (oldest first) then start.'),
  next: z.string().nullable().describe('Pass as ?after= for the page after this one; null when no flagged word remains past these items.'),
});

/** {@link FlaggedWordJson} as it is on the wire. */
export type FlaggedWordJson = z.infer<typeof FlaggedWordJson>;
/** {@link FlaggedWordsResponse} as it is on the wire. */
export type FlaggedWordsResponse = z.infer<typeof FlaggedWordsResponse>;
/** {@link CreateReviewBody} as a client sends it. */
export type CreateReviewBody = z.input<typeof CreateReviewBody>;
/** {@link ReviewJson} as it is on the wire. */
export type ReviewJson = z.infer<typeof ReviewJson>;
/** {@link ReviewActionJson} as it is on the wire. */
export type ReviewActionJson = z.infer<typeof ReviewActionJson>;
