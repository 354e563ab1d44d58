import { OpenAPIHono } from '@hono/zod-openapi';
import { ModelAliasJson, SetModelAliasBody } from '@verbatim/core/api';
import type { AppDeps } from '../http/AppDeps.ts';
import type { AppEnv, RequestAuth } from '../http/AppEnv.ts';
import { authorizeProject } from '../http/authorizeProject.ts';
import { requireAuth } from '../http/middleware/requireAuth.ts';
import { apiRoute, serveRoute } from '../http/openapi/apiRoute.ts';
import { readIdParam } from '../http/readIdParam.ts';
import { readJson } from '../http/readJson.ts';
import { readAliasParam } from './modelAliasRoutes.ts';
import { ModelAliasListResponse } from './modelSchemas.ts';
import { withModelErrors } from './modelHttpError.ts';
import { MODEL_ALIAS_NAMES } from './ModelRegistry.ts';
import { registryOf } from './modelRoutes.ts';
import { toModelAliasJson } from './toInstalledModelJson.ts';

const listProjectAliasesRoute = apiRoute({
  id: 'listProjectModelAliases', method: 'get', path: '/{id}/model-aliases', tag: 'models', auth: true, errors: [400, 404],
  summary: "The aliases as they apply to a project (any member): its own override where it has one (projectId set), else the deployment's (projectId null).",
  success: { status: 200, schema: ModelAliasListResponse, description: 'default and candidate, effective for the project.' },
});

const setProjectAliasRoute = apiRoute({
  id: 'setProjectModelAlias', method: 'put', path: '/{id}/model-aliases/{alias}', tag: 'models', auth: true, body: SetModelAliasBody, errors: [400, 404, 413, 415, 422],
  pathParams: { alias: { description: 'The alias: "default" or "candidate".', maxLength: 20 } },
  errorText: {
    404: 'project-not-found, or unknown-alias: the alias is not default or candidate.',
    422: 'The JSON does not fit the schema, or model-not-found: the model is not installed.',
  },
  summary: "Override an alias for one project (its owner): point it at an installed model, or clear it (model null) to use the deployment's again. Recorded in the project's history.",
  success: { status: 200, schema: ModelAliasJson, description: "The project's own alias as it is now (model null once cleared)." },
});

/**
 * A project's model aliases, mounted at `/api/projects`: `GET /:id/model-aliases` (any member) answers what each
 * alias means for the project, `PUT /:id/model-aliases/:alias` `{ model, reason }` (its owner) overrides one.
 */
export function projectModelAliasRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, listProjectAliasesRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, deps.projects, projectId, 'project.read');
    const registry = registryOf(deps);
    return c.json({ aliases: MODEL_ALIAS_NAMES.map((name) => toModelAliasJson(registry.effectiveAlias(name, projectId))) });
  });

  serveRoute(routes, setProjectAliasRoute, async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, deps.projects, projectId, 'project.update');
    const alias = readAliasParam(c);
    const body = await readJson(c, SetModelAliasBody);
    const { user } = c.get('auth') as RequestAuth;
    const moved = await withModelErrors(() => registryOf(deps).setAlias({ alias, projectId, model: body.model, by: user.id, reason: body.reason }));
    return c.json(toModelAliasJson(moved));
  });

  return routes;
}
