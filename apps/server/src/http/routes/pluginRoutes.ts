import { OpenAPIHono } from '@hono/zod-openapi';
import { NO_PLUGINS } from '../../plugins/loadServerPlugins.ts';
import { PluginListResponse, toPluginJson, toPluginProblemJson } from '../../plugins/pluginSchemas.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const listPluginsRoute = apiRoute({
  id: 'listPlugins', method: 'get', path: '/', tag: 'plugins', auth: true, errors: [],
  summary: 'The installed plugins and what each contributes (any account); administrators also get the refused plugins and why.',
  success: { status: 200, schema: PluginListResponse, description: 'The plugins, by id.' },
});

/**
 * `GET /api/plugins` (any signed-in account): the installed plugins as their manifests describe them, by id; for
 * administrators also `problems`, the plugins the server refused and why (their messages name files on the server).
 */
export function pluginRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const catalog = deps.plugins ?? NO_PLUGINS;
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, listPluginsRoute, (c) => {
    const { principal } = c.get('auth') as RequestAuth;
    const plugins = catalog.installed.map((plugin) => toPluginJson(plugin, catalog));
    return c.json(principal.isAdmin ? { plugins, problems: catalog.problems.map(toPluginProblemJson) } : { plugins });
  });

  return routes;
}
