import { OpenAPIHono } from '@hono/zod-openapi';
import { MediaStore } from '../../media/MediaStore.ts';
import { TRANSCRIBE_JOB_KIND, type TranscribeJobPayload } from '../../jobs/transcribeJobPayload.ts';
import { registryOf } from '../../models/modelRoutes.ts';
import { DEFAULT_TRANSCRIPTION_SETTINGS, TranscriptionSettingsStore } from '../../transcription/TranscriptionSettingsStore.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { authorizeProject } from '../authorizeProject.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { readJson } from '../readJson.ts';
import { CreateJobBody, ListJobsQueryJson } from './jobSchemas.ts';
import { JobJson, JobListResponse } from './jobSchemas.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const createJobRoute = apiRoute({
  id: 'createJob', method: 'post', path: '/{id}/jobs', tag: 'jobs', auth: true, body: CreateJobBody, errors: [400, 403, 404, 413, 415, 422],
  errorText: {
    404: 'Unknown project, or no media with this mediaId in the project.',
    422: 'The JSON does not fit the schema; model-not-found: the model named is not installed; lm-unavailable: lm base or adapted with a model that has no word LM.',
  },
  summary: "Queue the transcription of one of the project's uploads (editors and above).",
  success: { status: 202, schema: JobJson, description: 'The queued job (Location: /api/jobs/{id}); follow it at /api/jobs/{id}/events.' },
});

const listJobsRoute = apiRoute({
  id: 'listJobs', method: 'get', path: '/{id}/jobs', tag: 'jobs', auth: true, errors: [400, 404],
  query: {
    state: { schema: ListJobsQueryJson.shape.state, description: 'Only jobs in this state.' },
    limit: { schema: ListJobsQueryJson.shape.limit, description: 'Page size (default 50).' },
    cursor: { schema: ListJobsQueryJson.shape.cursor, description: 'nextCursor of the previous page.' },
  },
  errorText: { 400: 'Bad request: a project id that cannot exist, or an unknown query parameter or value.' },
  summary: "A project's jobs, newest first (any member), a page at a time.",
  success: { status: 200, schema: JobListResponse, description: 'A page of jobs.' },
});

/**
 * A project's transcription jobs, mounted at `/api/projects`: `POST /:id/jobs` `{ mediaId, lm?, model? }` queues the
 * transcription of one of the project's uploads (editors and above; 202 with the job; a `model` that is not installed
 * is refused with 422) and `GET /:id/jobs` pages
 * through its jobs, newest first (any member; `?state=&limit=&cursor=`).
 */
export function jobProjectRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects, queue } = deps;
  const media = new MediaStore(deps.db, { dataDir: deps.config.dataDir, mediaDir: deps.config.mediaDir });
  const settings = new TranscriptionSettingsStore(deps.db);
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, createJobRoute, async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'job.create');
    const { mediaId, lm, model } = await readJson(c, CreateJobBody);
    const record = media.get(mediaId.toLowerCase());
    if (record === undefined || record.projectId !== projectId) {
      throw new HttpError(404, 'media-not-found', `There is no media ${mediaId} in this project; upload the file first.`);
    }
    // checked now so that a typo is answered at once; the job resolves it again when it starts
    const named = model === undefined ? undefined : await registryOf(deps).store.get(model);
    if (model !== undefined && named === undefined) {
      throw new HttpError(422, 'model-not-found', `The model "${model}" is not installed (GET /api/models lists the installed ones).`);
    }
    // a word LM mode needs a model that brings one; said now rather than by the job failing later
    if (named !== undefined && !named.hasLm && (lm === 'base' || lm === 'adapted')) {
      throw new HttpError(422, 'lm-unavailable', `The model ${named.ref} has no word language model, so lm "${lm}" cannot be used: leave lm out or use "off".`);
    }
    // the project's transcription settings as they are now travel with the job (a later change leaves it as queued);
    // the defaults (punctuation on, speakers auto) go without saying
    const { punctuate, speakers } = settings.get(projectId);
    const payload: TranscribeJobPayload = {
      mediaId: record.id,
      ...(lm === undefined ? {} : { lm }),
      ...(model === undefined ? {} : { model }),
      ...(punctuate === DEFAULT_TRANSCRIPTION_SETTINGS.punctuate ? {} : { punctuate }),
      ...(speakers === DEFAULT_TRANSCRIPTION_SETTINGS.speakers ? {} : { speakers }),
    };
    const job = queue.enqueue({ projectId, kind: TRANSCRIBE_JOB_KIND, payload });
    return c.json(job, 202, { location: `/api/jobs/${job.id}` });
  });

  serveRoute(routes, listJobsRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'job.read');
    const parsed = ListJobsQueryJson.safeParse(c.req.query());
    if (!parsed.success) {
      throw new HttpError(400, 'invalid-query', 'Use ?state= (queued, running, succeeded, failed or cancelled), ?limit= (1-500) and ?cursor= (a nextCursor).');
    }
    const { state, limit, cursor } = parsed.data;
    const page = queue.list({ projectId, ...(state && { state }), ...(limit && { limit }), ...(cursor && { cursor }) });
    return c.json({ jobs: page.jobs, nextCursor: page.nextCursor ?? null });
  });

  return routes;
}
