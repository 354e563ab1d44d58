import { OpenAPIHono } from '@hono/zod-openapi';
import { TranscriptionSettingsJson, TranscriptionSettingsPatchBody } from '@verbatim/core/api';
import type { AppDeps } from '../http/AppDeps.ts';
import type { AppEnv, RequestAuth } from '../http/AppEnv.ts';
import { authorizeProject } from '../http/authorizeProject.ts';
import { requireAuth } from '../http/middleware/requireAuth.ts';
import { apiRoute, serveRoute } from '../http/openapi/apiRoute.ts';
import { readIdParam } from '../http/readIdParam.ts';
import { readJson } from '../http/readJson.ts';
import { TranscriptionSettingsStore } from './TranscriptionSettingsStore.ts';

const getSettingsRoute = apiRoute({
  id: 'getTranscriptionSettings', method: 'get', path: '/{id}/transcription-settings', tag: 'jobs', auth: true, errors: [400, 404],
  summary: "The project's transcription settings (any member): punctuation and capitals on or off, and how speakers are found.",
  success: { status: 200, schema: TranscriptionSettingsJson, description: 'The settings new transcription jobs of the project use.' },
});

const putSettingsRoute = apiRoute({
  id: 'putTranscriptionSettings', method: 'put', path: '/{id}/transcription-settings', tag: 'jobs', auth: true, body: TranscriptionSettingsPatchBody,
  errors: [400, 403, 404, 413, 415, 422],
  errorText: { 422: 'punctuate must be true or false; speakers "auto", "off" or a whole number from 1 to 16.' },
  summary: "Change the project's transcription settings (editors and above); jobs queued from now on use them.",
  success: { status: 200, schema: TranscriptionSettingsJson, description: 'The settings now.' },
});

/** `GET`/`PUT /api/projects/:id/transcription-settings`: punctuation and speakers of a project's new jobs. */
export function transcriptionSettingsRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const settings = new TranscriptionSettingsStore(deps.db, deps.now === undefined ? {} : { now: deps.now });
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, getSettingsRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'project.read');
    return c.json(settings.get(projectId));
  });

  serveRoute(routes, putSettingsRoute, async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'job.create');
    const patch = await readJson(c, TranscriptionSettingsPatchBody);
    return c.json(settings.update(projectId, patch, (c.get('auth') as RequestAuth).user.id));
  });

  return routes;
}
