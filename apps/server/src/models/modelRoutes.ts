import { OpenAPIHono } from '@hono/zod-openapi';
import { InstallModelBody, ModelInstallJson, ModelRefJson } from '@verbatim/core/api';
import type { AppDeps } from '../http/AppDeps.ts';
import type { AppEnv, RequestAuth } from '../http/AppEnv.ts';
import { HttpError } from '../http/HttpError.ts';
import { requireAuth } from '../http/middleware/requireAuth.ts';
import { apiRoute, serveRoute } from '../http/openapi/apiRoute.ts';
import { readIdParam } from '../http/readIdParam.ts';
import { readJson } from '../http/readJson.ts';
import { withModelErrors } from './modelHttpError.ts';
import { ModelInstallBusyError, type ModelInstall, type ModelInstalls } from './ModelInstalls.ts';
import type { ModelRegistry } from './ModelRegistry.ts';
import { ModelListResponse } from './modelSchemas.ts';
import { requireAdmin } from './requireAdmin.ts';
import { toInstalledModelJson } from './toInstalledModelJson.ts';
import { CalibrationStore } from '../quality/CalibrationStore.ts';

const ADMIN_ONLY = 'admin-required: the caller is not an instance administrator; or a missing or wrong x-csrf-token on a cookie-authenticated write.';

const listModelsRoute = apiRoute({
  id: 'listModels', method: 'get', path: '/', tag: 'models', auth: true, errors: [],
  summary: 'The installed models (any account): identity, source, card, eval figures, lineage, the aliases that point at each and whether it is in use.',
  success: { status: 200, schema: ModelListResponse, description: 'The installed models, by id then version.' },
});

const removeModelRoute = apiRoute({
  id: 'removeModel', method: 'delete', path: '/{ref}', tag: 'models', auth: true, errors: [404, 409],
  pathParams: { ref: { description: 'The model: "<id>@<version>" (or "<id>" for its newest installed version).', maxLength: 300 } },
  errorText: { 403: ADMIN_ONLY, 404: 'model-not-found: no such model is installed.', 409: 'model-in-use: an alias or a queued or running job uses it; the message says which.' },
  summary: 'Remove an installed model (administrators), unless an alias or a queued or running job uses it.',
  success: { status: 204, description: 'Removed from the store.' },
});

const startInstallRoute = apiRoute({
  id: 'startModelInstall', method: 'post', path: '/installs', tag: 'models', auth: true, body: InstallModelBody, errors: [400, 409, 413, 415, 422],
  errorText: {
    403: ADMIN_ONLY,
    409: 'install-running: another install is running; wait for it or cancel it.',
    422: 'The JSON does not fit the schema, or sha256-required: a URL install needs the expected sha256 of the download.',
  },
  summary: 'Install a model from a URL (administrators): downloaded with progress, checked against the expected sha256, probe-decoded, then registered. One install runs at a time.',
  success: { status: 202, schema: ModelInstallJson, description: 'The install, started (Location: /api/models/installs/{id}); poll it for progress.' },
});

const getInstallRoute = apiRoute({
  id: 'getModelInstall', method: 'get', path: '/installs/{id}', tag: 'models', auth: true, errors: [400, 404],
  errorText: { 403: ADMIN_ONLY, 404: 'install-not-found: no such install (a restart forgets them).' },
  summary: 'An install (administrators): its state, bytes received, the installed model or the error naming the file and the problem.',
  success: { status: 200, schema: ModelInstallJson, description: 'The install.' },
});

const cancelInstallRoute = apiRoute({
  id: 'cancelModelInstall', method: 'delete', path: '/installs/{id}', tag: 'models', auth: true, errors: [400, 404],
  errorText: { 403: ADMIN_ONLY, 404: 'install-not-found: no such install (a restart forgets them).' },
  summary: 'Cancel a running install (administrators); the store is left as it was. A finished install is answered as it is.',
  success: { status: 200, schema: ModelInstallJson, description: 'The install once it stopped (cancelled, or how it had already ended).' },
});

/**
 * The installed models, mounted at `/api/models`: `GET /` (any account) lists them; `DELETE /:ref`, `POST /installs`
 * `{ url, sha256, id?, version? }`, `GET /installs/:id` and `DELETE /installs/:id` (cancel) are for administrators,
 * checked at each request. A URL install needs the expected sha256 of the download.
 */
export function modelRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, listModelsRoute, async (c) => {
    const registry = registryOf(deps);
    const models = await registry.store.list();
    const calibrations = new CalibrationStore(deps.db);
    return c.json({ models: models.map((m) => toInstalledModelJson(m, registry, calibrations.active(m.id, m.version) !== undefined)) });
  });

  serveRoute(routes, removeModelRoute, async (c) => {
    requireAdmin(c, 'remove models');
    const ref = readModelRef(c.req.param('ref'));
    await withModelErrors(() => registryOf(deps).remove(ref), { notFound: 404 });
    return c.body(null, 204);
  });

  serveRoute(routes, startInstallRoute, async (c) => {
    requireAdmin(c, 'install models');
    const body = await readJson(c, InstallModelBody);
    if (body.sha256 === undefined) {
      throw new HttpError(422, 'sha256-required', 'A URL install needs "sha256", the expected sha256 of the file the URL serves, so that what is installed is what was meant.');
    }
    const { user } = c.get('auth') as RequestAuth;
    let install;
    try {
      install = installsOf(deps).start({ url: body.url, sha256: body.sha256, id: body.id, version: body.version, by: user.id });
    } catch (error) {
      if (error instanceof ModelInstallBusyError) throw new HttpError(409, error.code, error.message, { cause: error });
      throw error;
    }
    return c.json(toModelInstallJson(install, registryOf(deps)), 202, { location: `/api/models/installs/${install.id}` });
  });

  serveRoute(routes, getInstallRoute, (c) => {
    requireAdmin(c, 'follow model installs');
    const install = installsOf(deps).get(readIdParam(c, 'id', 'install'));
    if (install === undefined) throw installNotFound();
    return c.json(toModelInstallJson(install, registryOf(deps)));
  });

  serveRoute(routes, cancelInstallRoute, async (c) => {
    requireAdmin(c, 'cancel model installs');
    const install = installsOf(deps).cancel(readIdParam(c, 'id', 'install'));
    if (install === undefined) throw installNotFound();
    await install.done;
    return c.json(toModelInstallJson(install, registryOf(deps)));
  });

  return routes;
}

/** The registry the app was given, or 503 when this server runs without one. */
export function registryOf(deps: AppDeps): ModelRegistry {
  if (deps.models === undefined) throw new HttpError(503, 'no-model-registry', 'This server runs without a model store.');
  return deps.models;
}

function installsOf(deps: AppDeps): ModelInstalls {
  if (deps.modelInstalls === undefined) throw new HttpError(503, 'no-model-registry', 'This server runs without a model store.');
  return deps.modelInstalls;
}

/** A model reference from the URL, or 400 `invalid-model-ref`. */
export function readModelRef(value: string | undefined): string {
  const parsed = ModelRefJson.safeParse(value);
  if (!parsed.success) throw new HttpError(400, 'invalid-model-ref', 'A model is named "<id>@<version>" or "<id>": letters, digits, ".", "_" and "-" (and "+" in the version).');
  return parsed.data;
}

function installNotFound(): HttpError {
  return new HttpError(404, 'install-not-found', 'There is no such model install; the server forgets installs when it restarts.');
}

/** An install as the API sends it. */
export function toModelInstallJson(install: ModelInstall, registry: ModelRegistry): ModelInstallJson {
  return {
    id: install.id,
    state: install.state,
    source: install.source,
    receivedBytes: install.receivedBytes,
    totalBytes: install.totalBytes,
    error: install.error,
    model: install.model === null ? null : toInstalledModelJson(install.model, registry),
    startedAt: install.startedAt,
    finishedAt: install.finishedAt,
  };
}
