import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { NO_PLUGINS } from '../../plugins/loadServerPlugins.ts';
import { ProjectPluginStore } from '../../plugins/ProjectPluginStore.ts';
import { ProjectPluginJson, ProjectPluginListResponse, toProjectPluginJson } from '../../plugins/pluginSchemas.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { authorizeProject } from '../authorizeProject.ts';
import { HttpError } from '../HttpError.ts';
import { readIdParam } from '../readIdParam.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const PLUGIN_ID = { description: 'The plugin id, e.g. "medical".', maxLength: 100 } as const;

const listProjectPluginsRoute = apiRoute({
  id: 'listProjectPlugins', method: 'get', path: '/{id}/plugins', tag: 'plugins', auth: true, errors: [400, 404],
  summary: "The plugins a project enabled, with their installed version and who enabled them when (any member).",
  success: { status: 200, schema: ProjectPluginListResponse, description: 'The enabled plugins, by id.' },
});

const enableProjectPluginRoute = apiRoute({
  id: 'enableProjectPlugin', method: 'put', path: '/{id}/plugins/{pluginId}', tag: 'plugins', auth: true, errors: [400, 403, 404],
  pathParams: { pluginId: PLUGIN_ID },
  errorText: { 404: 'Unknown project, or plugin-not-found: no installed plugin has this id (or it was refused).' },
  summary: "Enable an installed plugin for a project's transcriptions (owners); idempotent: 201 when enabled now, 200 when it already was.",
  success: { status: 200, alsoStatus: 201, schema: ProjectPluginJson, description: 'The enabled plugin (201: newly enabled).' },
});

const disableProjectPluginRoute = apiRoute({
  id: 'disableProjectPlugin', method: 'delete', path: '/{id}/plugins/{pluginId}', tag: 'plugins', auth: true, errors: [400, 403, 404],
  pathParams: { pluginId: PLUGIN_ID },
  errorText: { 404: 'Unknown project, or plugin-not-enabled: the project has not enabled this plugin.' },
  summary: 'Disable a plugin for a project (owners); transcripts it already touched keep its changes and provenance.',
  success: { status: 204, description: 'Disabled.' },
});

/** Longest plugin id a URL may name (ids have at most 41 characters). */
const MAX_PLUGIN_ID_CHARS = 100;

/**
 * The plugins a project uses, mounted at `/api/projects`: members list them at `GET /:id/plugins`; owners enable one
 * with `PUT /:id/plugins/:pluginId` (idempotent: 201 when newly enabled, 200 when it already was; 404
 * `plugin-not-found` for a plugin that is not installed or was refused) and disable it with `DELETE` (204; 404
 * `plugin-not-enabled`). Jobs of the project boost the enabled plugins' vocabularies and run their post-processors.
 */
export function projectPluginRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const catalog = deps.plugins ?? NO_PLUGINS;
  const store = new ProjectPluginStore(deps.db, deps.now === undefined ? {} : { now: deps.now });
  const routes = new OpenAPIHono<AppEnv>();

  serveRoute(routes, listProjectPluginsRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'project.read');
    return c.json({ plugins: store.list(projectId).map((plugin) => toProjectPluginJson(plugin, catalog)) });
  });

  serveRoute(routes, enableProjectPluginRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'plugins.manage');
    const pluginId = readPluginId(c);
    if (catalog.get(pluginId) === undefined) {
      throw new HttpError(404, 'plugin-not-found', `There is no installed plugin ${JSON.stringify(pluginId)}; GET /api/plugins lists them.`);
    }
    const { plugin, created } = store.enable(projectId, pluginId, (c.get('auth') as RequestAuth).user.id);
    return c.json(toProjectPluginJson(plugin, catalog), created ? 201 : 200);
  });

  serveRoute(routes, disableProjectPluginRoute, (c) => {
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
