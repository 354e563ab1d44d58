import { OpenAPIHono } from '@hono/zod-openapi';
import {
  CreateRecalibrationBody,
  QualityAlertsResponse,
  QualityResponse,
  QualitySettingsJson,
  QualitySettingsPatchBody,
  RecalibrationJson,
  RecalibrationsResponse,
} from '@verbatim/core/api';
import type { Context } from 'hono';
import type { AppDeps } from '../http/AppDeps.ts';
import type { AppEnv, RequestAuth } from '../http/AppEnv.ts';
import { authorizeProject } from '../http/authorizeProject.ts';
import { HttpError } from '../http/HttpError.ts';
import { requireAuth } from '../http/middleware/requireAuth.ts';
import { apiRoute, serveRoute } from '../http/openapi/apiRoute.ts';
import { readIdParam } from '../http/readIdParam.ts';
import { readJson } from '../http/readJson.ts';
import { fieldQualityOf } from '../reviews/measureQuality.ts';
import { ReviewStore } from '../reviews/ReviewStore.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { CalibrationStore } from './CalibrationStore.ts';
import { QualitySettingsStore } from './QualitySettings.ts';
import { recalibrate, RecalibrationError } from './recalibrate.ts';

const ADMIN_ONLY = 'admin-required: only an instance administrator may call this; or a missing or wrong x-csrf-token on a cookie-authenticated write.';

const getQualityRoute = apiRoute({
  id: 'getDeploymentQuality', method: 'get', path: '/', tag: 'quality', auth: true, errors: [], errorText: { 403: ADMIN_ONLY },
  summary: 'Field quality per model version across every project (administrators): the same measures as a project\'s quality, with the deployment\'s settings and each project\'s own review threshold for flags.',
  success: { status: 200, schema: QualityResponse, description: 'One entry per model version.' },
});

const alertsRoute = apiRoute({
  id: 'listQualityAlerts', method: 'get', path: '/alerts', tag: 'quality', auth: true, errors: [],
  summary:
    "The model versions whose windowed WER or ECE is worse than their own baseline by more than the margin: per project the caller owns (that project's settings), and, for administrators, across the deployment. What the workbench polls to notify.",
  success: { status: 200, schema: QualityAlertsResponse, description: 'The alerts that fire (empty when none).' },
});

const getSettingsRoute = apiRoute({
  id: 'getDeploymentQualitySettings', method: 'get', path: '/settings', tag: 'quality', auth: true, errors: [], errorText: { 403: ADMIN_ONLY },
  summary: "The deployment's quality settings (administrators); projects start from them.",
  success: { status: 200, schema: QualitySettingsJson, description: 'The settings.' },
});

const putSettingsRoute = apiRoute({
  id: 'putDeploymentQualitySettings', method: 'put', path: '/settings', tag: 'quality', auth: true, body: QualitySettingsPatchBody,
  errors: [400, 413, 415, 422], errorText: { 403: ADMIN_ONLY },
  summary: "Change some of the deployment's quality settings (administrators).",
  success: { status: 200, schema: QualitySettingsJson, description: 'The settings now.' },
});

const listRecalibrationsRoute = apiRoute({
  id: 'listRecalibrations', method: 'get', path: '/recalibrations', tag: 'quality', auth: true, errors: [], errorText: { 403: ADMIN_ONLY },
  summary: 'Standing calibration revisions, newest first, each saying whether new jobs of its model version apply it (administrators).',
  success: { status: 200, schema: RecalibrationsResponse, description: 'The revisions.' },
});

const createRecalibrationRoute = apiRoute({
  id: 'createRecalibration', method: 'post', path: '/recalibrations', tag: 'quality', auth: true, body: CreateRecalibrationBody,
  errors: [400, 413, 415, 422],
  errorText: {
    403: ADMIN_ONLY,
    422: 'invalid-body; model-not-measured: the version has no verified words; not-enough-data: fewer than minWords verified machine words, or no right or no wrong one among those fitted.',
  },
  summary:
    "Refit a model version's confidence calibration on its verified words (administrators): Platt scaling fitted on four fifths, ECE before and after reported on the fifth held out; stored as the version's active calibration revision, which new jobs of that version apply to their word confidences.",
  success: { status: 201, schema: RecalibrationJson, description: 'The new revision.' },
});

const deleteRecalibrationRoute = apiRoute({
  id: 'deleteRecalibration', method: 'delete', path: '/recalibrations/{revisionId}', tag: 'quality', auth: true, errors: [400, 404],
  pathParams: { revisionId: { description: 'The revision id (an integer).', maxLength: 20 } },
  errorText: { 403: ADMIN_ONLY, 404: 'revision-not-found: no standing revision with this id.' },
  summary: 'Remove a calibration revision (administrators): kept on record; new jobs apply the one before it, or none.',
  success: { status: 204, description: 'Removed.' },
});

const getProjectSettingsRoute = apiRoute({
  id: 'getProjectQualitySettings', method: 'get', path: '/{id}/quality-settings', tag: 'quality', auth: true, errors: [400, 404],
  summary: "The project's quality settings (any member): its own over the deployment's.",
  success: { status: 200, schema: QualitySettingsJson, description: 'The settings.' },
});

const putProjectSettingsRoute = apiRoute({
  id: 'putProjectQualitySettings', method: 'put', path: '/{id}/quality-settings', tag: 'quality', auth: true, body: QualitySettingsPatchBody,
  errors: [400, 404, 413, 415, 422],
  summary: "Change some of the project's quality settings (owners): minimum words, alert window, baseline and margins, disparity warning ratio.",
  success: { status: 200, schema: QualitySettingsJson, description: 'The settings now.' },
});

function requireAdmin(c: Context<AppEnv>, what: string): RequestAuth {
  const auth = c.get('auth') as RequestAuth;
  if (!auth.principal.isAdmin) throw new HttpError(403, 'admin-required', `Only an instance administrator may ${what}.`);
  return auth;
}

/**
 * Deployment-wide field quality, mounted at `/api/quality`: `GET /` (administrators), `GET /alerts` (anyone signed
 * in: the alerts of projects they own, all of them for administrators), `GET`/`PUT /settings` and the calibration
 * revisions `GET`/`POST /recalibrations`, `DELETE /recalibrations/:revisionId` (administrators).
 */
export function qualityRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const documents = new DocumentStore(deps.db);
  const reviews = new ReviewStore(deps.db, { documents });
  const sources = { db: deps.db, documents, reviews, ...(deps.now && { now: deps.now }) };
  const options = deps.now === undefined ? {} : { now: deps.now };
  const settings = new QualitySettingsStore(deps.db, options);
  const calibrations = new CalibrationStore(deps.db, options);
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, getQualityRoute, (c) => {
    requireAdmin(c, 'see quality across every project');
    return c.json(fieldQualityOf(sources).measure(null));
  });

  serveRoute(routes, alertsRoute, (c) => {
    const auth = c.get('auth') as RequestAuth;
    const owned = projects
      .listProjectsForUser(auth.user.id)
      .filter((p) => p.role === 'owner')
      .map((p) => p.project.id);
    return c.json({ alerts: fieldQualityOf(sources).alerts(owned, auth.principal.isAdmin) });
  });

  serveRoute(routes, getSettingsRoute, (c) => {
    requireAdmin(c, "see the deployment's quality settings");
    return c.json(settings.get(null));
  });

  serveRoute(routes, putSettingsRoute, async (c) => {
    const auth = requireAdmin(c, "change the deployment's quality settings");
    const patch = await readJson(c, QualitySettingsPatchBody);
    return c.json(settings.update(null, patch, auth.user.id));
  });

  serveRoute(routes, listRecalibrationsRoute, (c) => {
    requireAdmin(c, 'list calibration revisions');
    return c.json({ recalibrations: calibrations.list() });
  });

  serveRoute(routes, createRecalibrationRoute, async (c) => {
    const auth = requireAdmin(c, 'recalibrate a model');
    const body = await readJson(c, CreateRecalibrationBody);
    try {
      return c.json(recalibrate(deps.db, fieldQualityOf(sources), calibrations, body.modelId, body.modelVersion, auth.user.id), 201);
    } catch (error) {
      if (error instanceof RecalibrationError) throw new HttpError(422, error.code, error.message, { cause: error });
      throw error;
    }
  });

  serveRoute(routes, deleteRecalibrationRoute, (c) => {
    const auth = requireAdmin(c, 'remove a calibration revision');
    const raw = c.req.param('revisionId') ?? '';
    const id = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : undefined;
    if (id === undefined) throw new HttpError(400, 'invalid-id', 'The revision id in the URL is not a positive integer.');
    if (!calibrations.remove(id, auth.user.id)) throw new HttpError(404, 'revision-not-found', `There is no standing calibration revision ${id}.`);
    return c.body(null, 204);
  });

  return routes;
}

/** `GET`/`PUT /api/projects/:id/quality-settings`: a project's quality settings (owners change them). */
export function projectQualitySettingsRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const settings = new QualitySettingsStore(deps.db, deps.now === undefined ? {} : { now: deps.now });
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, getProjectSettingsRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'project.read');
    return c.json(settings.get(projectId));
  });

  serveRoute(routes, putProjectSettingsRoute, async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'project.update');
    const patch = await readJson(c, QualitySettingsPatchBody);
    return c.json(settings.update(projectId, patch, (c.get('auth') as RequestAuth).user.id));
  });

  return routes;
}
