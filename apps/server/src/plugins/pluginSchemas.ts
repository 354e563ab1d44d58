import type { PluginDescription, PluginProblem } from '@verbatim/plugin-host';
import { PluginChangeJson, PluginJson, ProjectPluginJson } from '@verbatim/core/api';
import { z } from 'zod';
import type { PluginChange } from './PluginChangeStore.ts';
import type { PluginCatalog } from './loadServerPlugins.ts';
import type { ProjectPlugin } from './ProjectPluginStore.ts';

// An installed plugin and a project's plugin are declared in @verbatim/core/api, for the workbench that reads them too.
export { PluginJson, ProjectPluginJson };

/** A plugin the server refused to load, and why. */
export const PluginProblemJson = z.object({
  pluginId: z.string().optional().describe('The plugin id, when the manifest named one.'),
  where: z.string().describe('The file or directory at fault.'),
  message: z.string(),
});

/** `GET /api/plugins`. */
export const PluginListResponse = z.object({
  plugins: z.array(PluginJson),
  problems: z.array(PluginProblemJson).optional().describe('Refused plugins; sent to administrators only.'),
});

/** `GET /api/projects/:id/plugins`. */
export const ProjectPluginListResponse = z.object({ plugins: z.array(ProjectPluginJson) });

// A plugin's change is declared in @verbatim/core/api, for the workbench that shows it too.
export { PluginChangeJson };

/** `GET /api/transcripts/:id/plugin-changes`, in the order the changes were made. */
export const PluginChangeListResponse = z.object({ changes: z.array(PluginChangeJson) });

/** {@link PluginJson} of an installed plugin. */
export function toPluginJson(plugin: PluginDescription, catalog: PluginCatalog): z.infer<typeof PluginJson> {
  return {
    id: plugin.id,
    version: plugin.version,
    displayName: plugin.displayName,
    description: plugin.description,
    contributes: {
      vocabularies: plugin.contributes.vocabularies.map((v) => {
        const entries = catalog.entryCount(v.id);
        return { id: v.id, title: v.title, ...(entries === undefined ? {} : { entries }) };
      }),
      postProcessors: plugin.contributes.postProcessors.map((p) => ({ id: p.id, title: p.title })),
      commands: plugin.contributes.commands.map((c) => ({ id: c.id, title: c.title })),
    },
  };
}

/** {@link PluginProblemJson} of a discovery problem. */
export function toPluginProblemJson(problem: PluginProblem): z.infer<typeof PluginProblemJson> {
  return { ...(problem.pluginId === undefined ? {} : { pluginId: problem.pluginId }), where: problem.where, message: problem.message };
}

/** {@link ProjectPluginJson} of an enabled plugin, with its installed version if it still is. */
export function toProjectPluginJson(plugin: ProjectPlugin, catalog: PluginCatalog): z.infer<typeof ProjectPluginJson> {
  const installed = catalog.get(plugin.pluginId);
  return { id: plugin.pluginId, version: installed?.version ?? null, installed: installed !== undefined, enabledBy: plugin.enabledBy, enabledAt: plugin.enabledAt };
}

/** {@link PluginChangeJson} of a stored change. */
export function toPluginChangeJson(change: PluginChange): z.infer<typeof PluginChangeJson> {
  return { ...change };
}
