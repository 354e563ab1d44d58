import { z } from 'zod';

/** How one model version fares in a project: one row of `GET /api/projects/:id/quality`. */
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

/** {@link ModelQualityJson} as it is on the wire. */
export type ModelQualityJson = z.infer<typeof ModelQualityJson>;
/** {@link QualityResponse} as it is on the wire. */
export type QualityResponse = z.infer<typeof QualityResponse>;
