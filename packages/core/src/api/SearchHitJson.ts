import { z } from 'zod';

/** One place a search found its text (`GET /api/projects/:id/search?q=`). */
export const SearchHitJson = z.object({
  transcriptId: z.uuid(),
  start: z.number().describe('Start of the turn holding the match, in seconds.'),
  speaker: z.string(),
  snippet: z.string().describe('The match with some words of context either side.'),
});

/** {@link SearchHitJson} as it is on the wire. */
export type SearchHitJson = z.infer<typeof SearchHitJson>;
