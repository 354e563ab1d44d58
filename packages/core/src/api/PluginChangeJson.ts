import { z } from 'zod';

/** One change a plugin's post-processor made to a transcript's words (`GET /api/transcripts/:id/plugin-changes`). */
export const PluginChangeJson = z.object({
  pluginId: z.string(),
  processorId: z.string().describe('The post-processor, e.g. "medical.dosage".'),
  before: z.string().describe('The words replaced, joined by spaces (empty for an insertion).'),
  after: z.string().describe('The words written, joined by spaces (empty for a deletion).'),
  from: z.int().describe('First word replaced, as an index into the words this post-processor was given.'),
  fromEnd: z.int().describe('One past the last word replaced.'),
  to: z.int().describe('First word written, as an index into the words this post-processor returned.'),
  toEnd: z.int().describe('One past the last word written.'),
});

/** {@link PluginChangeJson} as it is on the wire. */
export type PluginChangeJson = z.infer<typeof PluginChangeJson>;
