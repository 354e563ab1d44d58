import { SearchHitJson, TranscriptJson } from '@verbatim/core/api';
import { z } from 'zod';
import type { TranscriptDocTurn } from '@verbatim/core/document';
import type { TranscriptJson as TranscriptJsonShape } from '../routes/transcriptJson.ts';
import type { TranscriptSearchHit } from '../routes/transcriptSearch.ts';

// A transcript's record is declared in @verbatim/core/api, for the workbench that reads it too.
export { TranscriptJson };

/** `GET /api/projects/:id/transcripts`, oldest first. */
export const TranscriptListResponse = z.object({ transcripts: z.array(TranscriptJson) });

/** A word as the document holds it now, corrections included. Times in seconds. */
export const TranscriptWordJson = z.object({
  text: z.string(),
  start: z.number(),
  end: z.number(),
  confidence: z.number(),
  origin: z
    .union([z.enum(['asr', 'human']), z.templateLiteral(['plugin:', z.string()])])
    .describe('"human" when any part of the word was typed or marked by a person; "plugin:<id>" when a plugin wrote it; else "asr".'),
  reviewed: z.boolean(),
  reviewedBy: z.string().optional().describe('Who reviewed it (a user id), when it is reviewed and its review mark says so.'),
  reviewedAt: z.number().optional().describe('When it was reviewed, in milliseconds since the epoch, when its review mark says so.'),
});

/** A paragraph of one speaker. */
export const TranscriptTurnJson = z.object({
  speaker: z.string(),
  start: z.number().describe('Seconds.'),
  words: z.array(TranscriptWordJson),
});

/** `GET /api/transcripts/:id`: the record and the current document. */
export const TranscriptDetailResponse = TranscriptJson.extend({
  turns: z.array(TranscriptTurnJson).optional().describe('The current turns and words; left out with ?turns=0.'),
});

/** One place a search found its text (declared in @verbatim/core/api, for the workbench that reads it too). */
export const TranscriptSearchHitJson = SearchHitJson;

/** `GET /api/projects/:id/search`. */
export const TranscriptSearchResponse = z.object({
  query: z.string(),
  hits: z.array(TranscriptSearchHitJson).max(100),
  truncated: z.boolean().describe('True when the hit limit cut the list short.'),
});

// Compile-time checks that the schemas describe what the routes really send.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<z.infer<typeof TranscriptJson>, TranscriptJsonShape>,
  Same<z.infer<typeof TranscriptTurnJson>, TranscriptDocTurn>,
  Same<z.infer<typeof TranscriptSearchHitJson>, TranscriptSearchHit>,
] = [true, true, true];
void sameShapes;
