import { z } from 'zod';

/** A transcript's record: its media and the model that made it, with the URLs that read it. */
export const TranscriptJson = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  mediaId: z.uuid(),
  model: z
    .object({ id: z.string(), version: z.string(), sha256: z.string() })
    .describe('The model that produced the original words, which are kept unchanged beside the document.'),
  plugins: z
    .array(z.object({ id: z.string(), version: z.string() }))
    .describe('The plugins that touched it (vocabulary or post-processor), in the order they ran.'),
  createdAt: z.int().describe('Milliseconds since the epoch.'),
  documentUrl: z.string().describe('The y-websocket room of its collaborative document.'),
  exportUrl: z.string(),
});

/** {@link TranscriptJson} as it is on the wire. */
export type TranscriptJson = z.infer<typeof TranscriptJson>;
