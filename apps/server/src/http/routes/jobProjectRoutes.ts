import { Hono } from 'hono';
import { MediaStore } from '../../media/MediaStore.ts';
import { TRANSCRIBE_JOB_KIND } from '../../jobs/transcribeJobPayload.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { authorizeProject } from '../authorizeProject.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { readJson } from '../readJson.ts';
import { CreateJobBody, ListJobsQueryJson } from './jobSchemas.ts';

/**
 * A project's transcription jobs, mounted at `/api/projects`: `POST /:id/jobs` `{ mediaId, lm? }` queues the
 * transcription of one of the project's uploads (editors and above; 202 with the job) and `GET /:id/jobs` pages
 * through its jobs, newest first (any member; `?state=&limit=&cursor=`).
 */
export function jobProjectRoutes(deps: AppDeps): Hono<AppEnv> {
  const { projects, queue } = deps;
  const media = new MediaStore(deps.db, { dataDir: deps.config.dataDir });
  const routes = new Hono<AppEnv>();
  routes.use(requireAuth());

  routes.post('/:id/jobs', async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'job.create');
    const { mediaId, lm } = await readJson(c, CreateJobBody);
    const record = media.get(mediaId.toLowerCase());
    if (record === undefined || record.projectId !== projectId) {
      throw new HttpError(404, 'media-not-found', `There is no media ${mediaId} in this project; upload the file first.`);
    }
    const job = queue.enqueue({ projectId, kind: TRANSCRIBE_JOB_KIND, payload: lm === undefined ? { mediaId: record.id } : { mediaId: record.id, lm } });
    return c.json(job, 202, { location: `/api/jobs/${job.id}` });
  });

  routes.get('/:id/jobs', (c) => {
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
