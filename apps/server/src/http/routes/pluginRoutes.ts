import { Hono } from 'hono';
import { NO_PLUGINS } from '../../plugins/loadServerPlugins.ts';
import { toPluginJson, toPluginProblemJson } from '../../plugins/pluginSchemas.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { requireAuth } from '../middleware/requireAuth.ts';

/**
 * `GET /api/plugins` (any signed-in account): the installed plugins as their manifests describe them, by id; for
 * administrators also `problems`, the plugins the server refused and why (their messages name files on the server).
 */
export function pluginRoutes(deps: AppDeps): Hono<AppEnv> {
  const catalog = deps.plugins ?? NO_PLUGINS;
  const routes = new Hono<AppEnv>();
  routes.use(requireAuth());

  routes.get('/', (c) => {
    const { principal } = c.get('auth') as RequestAuth;
    const plugins = catalog.installed.map((plugin) => toPluginJson(plugin, catalog));
    return c.json(principal.isAdmin ? { plugins, problems: catalog.problems.map(toPluginProblemJson) } : { plugins });
  });

  return routes;
}
