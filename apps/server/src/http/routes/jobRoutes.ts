import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ProjectAction } from '../../auth/ProjectAction.ts';
import type { Job } from '../../queue/Job.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth, unauthenticated } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { streamJobEvents } from './jobEventStream.ts';
import { JobJson } from './jobSchemas.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const getJobRoute = apiRoute({
  id: 'getJob', method: 'get', path: '/{id}', tag: 'jobs', auth: true, errors: [400, 404],
  summary: 'One job: state, progress (0-1), attempts, error, and on success { transcriptId } as its result (members of its project).',
  success: { status: 200, schema: JobJson, description: 'The job.' },
});

const cancelJobRoute = apiRoute({
  id: 'cancelJob', method: 'post', path: '/{id}/cancel', tag: 'jobs', auth: true, errors: [400, 403, 404],
  summary: 'Cancel a job (editors and above): a queued one at once, a running one at its next heartbeat; a finished job is returned unchanged.',
  success: { status: 200, schema: JobJson, description: 'The job after the request.' },
});

const jobEventsRoute = apiRoute({
  id: 'jobEvents', method: 'get', path: '/{id}/events', tag: 'jobs', auth: true, errors: [400, 404],
  summary: 'Server-Sent Events: an "event: job" message with the job (see Job) as JSON now and on every progress or state change; the stream ends when the job finishes.',
  success: { status: 200, media: ['text/event-stream'], description: 'The event stream.' },
});

/**
 * One job, mounted at `/api/jobs`: `GET /:id` (any member of its project), `POST /:id/cancel` (editors and above;
 * a queued job is cancelled at once, a running one at its worker's next heartbeat) and `GET /:id/events`, a
 * Server-Sent Events stream of `job` events (the job as JSON) on every progress or state change, ending when the
 * job finishes. To anyone outside its project the job does not exist (404).
 */
export function jobRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects, queue } = deps;
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  function findJob(c: Context<AppEnv>, action: ProjectAction): Job {
    const id = readIdParam(c, 'id', 'job');
    const job = queue.get(id);
    if (job === undefined) throw jobNotFound(id);
    const decision = projects.authorize(c.get('auth')?.principal, job.projectId, action);
    if (decision.allowed) return job;
    if (decision.reason === 'unauthenticated') throw unauthenticated();
    if (decision.reason === 'not-member') throw jobNotFound(id);
    throw new HttpError(403, 'insufficient-role', `Your role in this project is ${decision.role}; this needs ${decision.required}${decision.required === 'owner' ? '' : ' or above'}.`);
  }

  serveRoute(routes, getJobRoute, (c) => c.json(findJob(c, 'job.read')));

  serveRoute(routes, cancelJobRoute, (c) => {
    const job = findJob(c, 'job.cancel');
    return c.json(queue.cancel(job.id) ?? job);
  });

  serveRoute(routes, jobEventsRoute, (c) => {
    const job = findJob(c, 'job.read');
    // nginx would otherwise hold the events back in its buffer
    c.header('x-accel-buffering', 'no');
    return streamSSE(c, (stream) => streamJobEvents(stream, queue, job.id, c.req.raw.signal));
  });

  return routes;
}

function jobNotFound(id: string): HttpError {
  return new HttpError(404, 'job-not-found', `There is no job ${id} in a project you are a member of.`);
}
