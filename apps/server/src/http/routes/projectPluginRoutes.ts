import { Hono, type Context } from 'hono';
import { NO_PLUGINS } from '../../plugins/loadServerPlugins.ts';
import { ProjectPluginStore } from '../../plugins/ProjectPluginStore.ts';
import { toProjectPluginJson } from '../../plugins/pluginSchemas.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { authorizeProject } from '../authorizeProject.ts';
import { HttpError } from '../HttpError.ts';
import { readIdParam } from '../readIdParam.ts';

/** Longest plugin id a URL may name (ids have at most 41 characters). */
const MAX_PLUGIN_ID_CHARS = 100;

/**
 * The plugins a project uses, mounted at `/api/projects`: members list them at `GET /:id/plugins`; owners enable one
 * with `PUT /:id/plugins/:pluginId` (idempotent: 201 when newly enabled, 200 when it already was; 404
 * `plugin-not-found` for a plugin that is not installed or was refused) and disable it with `DELETE` (204; 404
 * `plugin-not-enabled`). Jobs of the project boost the enabled plugins' vocabularies and run their post-processors.
 */
export function projectPluginRoutes(deps: AppDeps): Hono<AppEnv> {
  const { projects } = deps;
  const catalog = deps.plugins ?? NO_PLUGINS;
  const store = new ProjectPluginStore(deps.db, deps.now === undefined ? {} : { now: deps.now });
  const routes = new Hono<AppEnv>();

  routes.get('/:id/plugins', (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'project.read');
    return c.json({ plugins: store.list(projectId).map((plugin) => toProjectPluginJson(plugin, catalog)) });
  });

  routes.put('/:id/plugins/:pluginId', (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'plugins.manage');
    const pluginId = readPluginId(c);
    if (catalog.get(pluginId) === undefined) {
      throw new HttpError(404, 'plugin-not-found', `There is no installed plugin ${JSON.stringify(pluginId)}; GET /api/plugins lists them.`);
    }
    const { plugin, created } = store.enable(projectId, pluginId, (c.get('auth') as RequestAuth).user.id);
    return c.json(toProjectPluginJson(plugin, catalog), created ? 201 : 200);
  });

  routes.delete('/:id/plugins/:pluginId', (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'plugins.manage');
    const pluginId = readPluginId(c);
    if (!store.disable(projectId, pluginId)) {
      throw new HttpError(404, 'plugin-not-enabled', `This project has not enabled the plugin ${JSON.stringify(pluginId)}.`);
    }
    return c.body(null, 204);
  });

  return routes;
}

function readPluginId(c: Context<AppEnv>): string {
  const pluginId = c.req.param('pluginId') ?? '';
  if (pluginId.length > MAX_PLUGIN_ID_CHARS) throw new HttpError(400, 'invalid-plugin-id', `A plugin id has at most ${MAX_PLUGIN_ID_CHARS} characters.`);
  return pluginId;
}
