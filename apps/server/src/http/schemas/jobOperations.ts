import { CreateJobBody, JobJson, JobListResponse, ListJobsQueryJson } from '../routes/jobSchemas.ts';
import type { ApiOperation } from './ApiOperation.ts';

/** The job routes of `API_OPERATIONS`. */
export const JOB_OPERATIONS: readonly ApiOperation[] = [
  {
    id: 'createJob', method: 'post', path: '/api/projects/:id/jobs', tag: 'jobs', auth: true, body: CreateJobBody, errors: [400, 403, 404, 413, 415, 422],
    errorText: { 404: 'Unknown project, or no media with this mediaId in the project.' },
    summary: "Queue the transcription of one of the project's uploads (editors and above).",
    success: { status: 202, schema: JobJson, description: 'The queued job (Location: /api/jobs/{id}); follow it at /api/jobs/{id}/events.' },
  },
  {
    id: 'listJobs', method: 'get', path: '/api/projects/:id/jobs', tag: 'jobs', auth: true, errors: [400, 404],
    query: {
      state: { schema: ListJobsQueryJson.shape.state, description: 'Only jobs in this state.' },
      limit: { schema: ListJobsQueryJson.shape.limit, description: 'Page size (default 50).' },
      cursor: { schema: ListJobsQueryJson.shape.cursor, description: 'nextCursor of the previous page.' },
    },
    errorText: { 400: 'Bad request: a project id that cannot exist, or an unknown query parameter or value.' },
    summary: "A project's jobs, newest first (any member), a page at a time.",
    success: { status: 200, schema: JobListResponse, description: 'A page of jobs.' },
  },
  {
    id: 'getJob', method: 'get', path: '/api/jobs/:id', tag: 'jobs', auth: true, errors: [400, 404],
    summary: 'One job: state, progress (0-1), attempts, error, and on success { transcriptId } as its result (members of its project).',
    success: { status: 200, schema: JobJson, description: 'The job.' },
  },
  {
    id: 'cancelJob', method: 'post', path: '/api/jobs/:id/cancel', tag: 'jobs', auth: true, errors: [400, 403, 404],
    summary: 'Cancel a job (editors and above): a queued one at once, a running one at its next heartbeat; a finished job is returned unchanged.',
    success: { status: 200, schema: JobJson, description: 'The job after the request.' },
  },
  {
    id: 'jobEvents', method: 'get', path: '/api/jobs/:id/events', tag: 'jobs', auth: true, errors: [400, 404],
    summary: 'Server-Sent Events: an "event: job" message with the job (see Job) as JSON now and on every progress or state change; the stream ends when the job finishes.',
    success: { status: 200, media: ['text/event-stream'], description: 'The event stream.' },
  },
];
