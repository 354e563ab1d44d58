import { z } from 'zod';

const Contribution = { id: z.string(), title: z.string() };

/** An installed plugin, as its manifest describes it (`GET /api/plugins`). */
export const PluginJson = z.object({
  id: z.string().describe('The plugin id, e.g. "medical".'),
  version: z.string().describe('The package version transcripts record.'),
  displayName: z.string(),
  description: z.string(),
  contributes: z.object({
    vocabularies: z.array(
      z.object({ ...Contribution, entries: z.int().optional().describe('Entries of a static vocabulary; absent for one the plugin computes.') }),
    ),
    postProcessors: z.array(z.object(Contribution)),
    commands: z.array(z.object(Contribution)),
  }),
});

/** A plugin a project enabled (`GET /api/projects/:id/plugins`). */
export const ProjectPluginJson = z.object({
  id: z.string(),
  version: z.string().nullable().describe('The installed version; null when the plugin is no longer installed.'),
  installed: z.boolean().describe('False when the plugin was removed or refused since: jobs then run without it.'),
  enabledBy: z.uuid().nullable().describe('Who enabled it (null once that account is gone).'),
  enabledAt: z.int().describe('Milliseconds since the epoch.'),
});

/** {@link PluginJson} as it is on the wire. */
export type PluginJson = z.infer<typeof PluginJson>;
/** {@link ProjectPluginJson} as it is on the wire. */
export type ProjectPluginJson = z.infer<typeof ProjectPluginJson>;
