import { OpenAPIHono } from '@hono/zod-openapi';
import { ModelAliasJson, ModelAliasNameJson, PromoteModelBody, RollbackModelBody, SetModelAliasBody } from '@verbatim/core/api';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../http/AppDeps.ts';
import type { AppEnv, RequestAuth } from '../http/AppEnv.ts';
import { authorizeProject } from '../http/authorizeProject.ts';
import { HttpError } from '../http/HttpError.ts';
import { requireAuth } from '../http/middleware/requireAuth.ts';
import { apiRoute, serveRoute } from '../http/openapi/apiRoute.ts';
import { readJson } from '../http/readJson.ts';
import { withModelErrors } from './modelHttpError.ts';
import type { ModelAliasName, PromotionGate } from './ModelRegistry.ts';
import { registryOf } from './modelRoutes.ts';
import { ModelAliasHistoryResponse, ModelAliasListResponse } from './modelSchemas.ts';
import { isAdmin, requireAdmin } from './requireAdmin.ts';
import { toModelAliasEventJson, toModelAliasJson } from './toInstalledModelJson.ts';

const ADMIN_ONLY = 'admin-required: the caller is not an instance administrator; or a missing or wrong x-csrf-token on a cookie-authenticated write.';
const ADMIN_OR_OWNER =
  "admin-required: deployment aliases are for instance administrators; insufficient-role: a project's aliases are for its owner; or a missing or wrong x-csrf-token on a cookie-authenticated write.";
const ALIAS_PARAM = { alias: { description: 'The alias: "default" or "candidate".', maxLength: 20 } };

const listAliasesRoute = apiRoute({
  id: 'listModelAliases', method: 'get', path: '/', tag: 'models', auth: true, errors: [],
  summary: "The deployment's aliases (any account): default (what jobs use unless their project overrides it) and candidate (on trial).",
  success: { status: 200, schema: ModelAliasListResponse, description: 'Both aliases; model null when not set.' },
});

const setAliasRoute = apiRoute({
  id: 'setModelAlias', method: 'put', path: '/{alias}', tag: 'models', auth: true, body: SetModelAliasBody, pathParams: ALIAS_PARAM, errors: [400, 404, 413, 415, 422],
  errorText: {
    403: ADMIN_ONLY,
    404: 'unknown-alias: the alias is not default or candidate.',
    422: 'The JSON does not fit the schema; model-not-found: the model is not installed; invalid-alias-move: the deployment default cannot be cleared.',
  },
  summary: 'Point a deployment alias at an installed model, or clear the candidate (administrators). Recorded in the history with the reason.',
  success: { status: 200, schema: ModelAliasJson, description: 'The alias as it is now.' },
});

const promoteRoute = apiRoute({
  id: 'promoteModel', method: 'post', path: '/promote', tag: 'models', auth: true, body: PromoteModelBody, errors: [400, 404, 409, 413, 415, 422],
  errorText: {
    403: ADMIN_OR_OWNER,
    404: 'project-not-found: no such project that the caller is a member of.',
    409: 'promotion-refused: the comparison gate refused (the message gives the figures); no-candidate; model-removed: the candidate is no longer installed.',
    422: 'The JSON does not fit the schema, or comparisons-unavailable: this server cannot check a comparison.',
  },
  summary: "Promote the candidate to default (administrators; a project's owner with projectId, for that project), optionally gated on a comparison. The candidate alias is cleared.",
  success: { status: 200, schema: ModelAliasJson, description: 'The default alias as it is now.' },
});

const rollbackRoute = apiRoute({
  id: 'rollbackModelAlias', method: 'post', path: '/{alias}/rollback', tag: 'models', auth: true, body: RollbackModelBody, pathParams: ALIAS_PARAM, errors: [400, 404, 409, 413, 415, 422],
  errorText: {
    403: ADMIN_OR_OWNER,
    404: 'unknown-alias, or project-not-found.',
    409: 'nothing-to-roll-back: the alias has no earlier value.',
    422: 'The JSON does not fit the schema, or model-not-found: the earlier model was removed since.',
  },
  summary:
    "Move an alias back to where its last move took it from (administrators; a project's owner with projectId). Rolling back again walks further back through the history.",
  success: { status: 200, schema: ModelAliasJson, description: 'The alias as it is now.' },
});

const historyRoute = apiRoute({
  id: 'listModelAliasHistory', method: 'get', path: '/history', tag: 'models', auth: true, errors: [400, 404],
  query: { projectId: { schema: z.uuid(), description: "A project's overrides (any member) instead of the deployment's aliases (any account)." } },
  errorText: { 400: 'Bad request: projectId is not a valid id.', 404: 'project-not-found: no such project that the caller is a member of.' },
  summary: 'Every move of the aliases, newest first: who, when, from, to, why, and the comparison a promotion was checked against.',
  success: { status: 200, schema: ModelAliasHistoryResponse, description: 'The moves, newest first.' },
});

/**
 * The deployment's model aliases, mounted at `/api/model-aliases`: `GET /` and `GET /history?projectId=` for any
 * account (a project's history for its members), `PUT /:alias` for administrators, `POST /promote` and
 * `POST /:alias/rollback` for administrators or, with `projectId`, the project's owner. Administrator checks read
 * the caller's account at each request.
 */
export function modelAliasRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, listAliasesRoute, (c) => c.json({ aliases: registryOf(deps).aliases(null).map(toModelAliasJson) }));

  serveRoute(routes, historyRoute, (c) => {
    const projectId = readProjectQuery(c);
    if (projectId !== null) authorizeProject(c, deps.projects, projectId, 'project.read');
    return c.json({ events: registryOf(deps).history(projectId).map(toModelAliasEventJson) });
  });

  serveRoute(routes, promoteRoute, async (c) => {
    const body = await readJson(c, PromoteModelBody);
    const projectId = body.projectId ?? null;
    authorizeAliasMove(c, deps, projectId, 'promote models');
    const registry = registryOf(deps);
    let gate: PromotionGate | undefined;
    if (body.comparisonId !== undefined) {
      const check = deps.comparisonGate;
      if (check === undefined) throw new HttpError(422, 'comparisons-unavailable', 'This server cannot check a promotion against a comparison.');
      const comparisonId = body.comparisonId;
      gate = (current, candidate) => check({ comparisonId, maxWerIncrease: body.maxWerIncrease ?? 0, projectId, current, candidate });
    }
    const { user } = c.get('auth') as RequestAuth;
    const alias = await withModelErrors(() =>
      registry.promote({ projectId, by: user.id, reason: body.reason, comparisonId: body.comparisonId ?? null, ...(gate && { gate }) }),
    );
    return c.json(toModelAliasJson(alias));
  });

  serveRoute(routes, setAliasRoute, async (c) => {
    requireAdmin(c, 'move the deployment model aliases');
    const alias = readAliasParam(c);
    const body = await readJson(c, SetModelAliasBody);
    const { user } = c.get('auth') as RequestAuth;
    const moved = await withModelErrors(() => registryOf(deps).setAlias({ alias, projectId: null, model: body.model, by: user.id, reason: body.reason }));
    return c.json(toModelAliasJson(moved));
  });

  serveRoute(routes, rollbackRoute, async (c) => {
    const alias = readAliasParam(c);
    const body = await readJson(c, RollbackModelBody);
    const projectId = body.projectId ?? null;
    authorizeAliasMove(c, deps, projectId, 'roll back the deployment model aliases');
    const { user } = c.get('auth') as RequestAuth;
    const moved = await withModelErrors(() => registryOf(deps).rollback({ alias, projectId, by: user.id, reason: body.reason }));
    return c.json(toModelAliasJson(moved));
  });

  return routes;
}

/** The alias in the URL, or 404 `unknown-alias`. */
export function readAliasParam(c: Context<AppEnv>): ModelAliasName {
  const parsed = ModelAliasNameJson.safeParse(c.req.param('alias'));
  if (!parsed.success) throw new HttpError(404, 'unknown-alias', 'There is no such model alias; the aliases are "default" and "candidate".');
  return parsed.data;
}

// deployment aliases: administrators; a project's: administrators who are members, or its owner
function authorizeAliasMove(c: Context<AppEnv>, deps: AppDeps, projectId: string | null, what: string): void {
  if (projectId === null) requireAdmin(c, what);
  else if (!isAdmin(c)) authorizeProject(c, deps.projects, projectId, 'project.update');
  else if (deps.projects.getProject(projectId) === undefined) authorizeProject(c, deps.projects, projectId, 'project.read');
}

function readProjectQuery(c: Context<AppEnv>): string | null {
  const query = c.req.query();
  const unknown = Object.keys(query).filter((k) => k !== 'projectId');
  if (unknown.length > 0) throw new HttpError(400, 'invalid-query', `Unknown query parameter ${unknown[0]}; use ?projectId=.`);
  if (query['projectId'] === undefined) return null;
  const parsed = z.uuid().safeParse(query['projectId']);
  if (!parsed.success) throw new HttpError(400, 'invalid-query', '?projectId= must be a project id.');
  return parsed.data.toLowerCase();
}
