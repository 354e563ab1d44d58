import { OpenAPIHono } from '@hono/zod-openapi';
import { CreateRerunBody, JobJson, RerunJson, RetranscribeBody, type RetranscribeJobPayloadJson } from '@verbatim/core/api';
import { z } from 'zod';
import type { AppDeps } from '../../http/AppDeps.ts';
import type { AppEnv, RequestAuth } from '../../http/AppEnv.ts';
import { authorizeProject } from '../../http/authorizeProject.ts';
import { authorizeTranscript } from '../../http/authorizeTranscript.ts';
import { HttpError } from '../../http/HttpError.ts';
import { requireAuth } from '../../http/middleware/requireAuth.ts';
import { apiRoute, serveRoute } from '../../http/openapi/apiRoute.ts';
import { readIdParam } from '../../http/readIdParam.ts';
import { readJson } from '../../http/readJson.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { withModelErrors } from '../modelHttpError.ts';
import { identityOf } from '../ModelRegistry.ts';
import { registryOf } from '../modelRoutes.ts';
import { RETRANSCRIBE_JOB_KIND } from './retranscribeJobPayload.ts';
import { RerunStore } from './RerunStore.ts';

/** `GET /api/projects/:id/reruns`. */
export const RerunListResponse = z.object({ reruns: z.array(RerunJson) });

const createRerunRoute = apiRoute({
  id: 'createRerun', method: 'post', path: '/{id}/reruns', tag: 'models', auth: true, body: CreateRerunBody, errors: [400, 404, 409, 413, 415, 422],
  errorText: {
    409: "no-default-model / model-removed: no model is given and the project's default alias points at no installed model.",
    422: 'invalid-body; model-not-found: the model to re-transcribe with is not installed, or fromModel names only an id that is not installed (name its version); nothing-to-rerun: no transcript of the project was made by fromModel in that window.',
  },
  summary:
    "Re-transcribe every transcript of the project whose machine words fromModel (id@version) made, at or after since and at or before until (owners), with model (default: the project's default alias, resolved now): one retranscribe job per transcript. Each keeps the document as it was and the new output as revisions, and carries the words people edited, inserted, reviewed or deleted into the new text by time alignment.",
  success: { status: 202, schema: RerunJson, description: 'The batch and its queued jobs (their progress is the batch\'s).' },
});

const listRerunsRoute = apiRoute({
  id: 'listReruns', method: 'get', path: '/{id}/reruns', tag: 'models', auth: true, errors: [400, 404],
  summary: "The project's re-run batches, newest first (any member).",
  success: { status: 200, schema: RerunListResponse, description: 'The re-runs.' },
});

const retranscribeRoute = apiRoute({
  id: 'retranscribeTranscript', method: 'post', path: '/{id}/retranscribe', tag: 'models', auth: true, body: RetranscribeBody, errors: [400, 404, 413, 415, 422],
  errorText: { 422: 'invalid-body; model-not-found: the model named is not installed.' },
  summary:
    "Transcribe the transcript's recording again (editors and above) with model (default: the project's default alias, resolved when the job starts) and lm: the document as it is now is kept as a before-rerun revision, the new output as a machine revision, and the words people edited, inserted, reviewed or deleted are carried into the new text by time alignment (connected editors see it at once).",
  success: { status: 202, schema: JobJson, description: 'The queued retranscribe job (Location: /api/jobs/{id}).' },
});

/**
 * A project's re-run batches, mounted at `/api/projects`: `POST /:id/reruns` (owners) queues one `retranscribe` job
 * per transcript made by a model version within a time window; `GET /:id/reruns` lists the batches (any member).
 */
export function rerunProjectRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const reruns = new RerunStore(deps.db, { ...(deps.now && { now: deps.now }) });
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, createRerunRoute, async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, deps.projects, projectId, 'project.update');
    const body = await readJson(c, CreateRerunBody);
    const registry = registryOf(deps);
    const [fromId, fromVersion] = body.fromModel.split('@') as [string, string | undefined];
    const fromInstalled = await registry.store.get(body.fromModel);
    const version = fromVersion ?? fromInstalled?.version;
    if (version === undefined) {
      throw new HttpError(422, 'model-not-found', `No version of "${fromId}" is installed: name the version whose transcripts to re-run, as ${fromId}@<version>.`);
    }
    const selected = reruns.select({ projectId, fromModel: { id: fromId, version }, since: body.since, until: body.until });
    if (selected.length === 0) {
      throw new HttpError(422, 'nothing-to-rerun', `No transcript of this project was made by ${fromId}@${version}${body.since === undefined && body.until === undefined ? '' : ' in that time window'}.`);
    }
    const model = await withModelErrors(() => registry.resolve(projectId, body.model));
    const { user } = c.get('auth') as RequestAuth;
    const rerun = reruns.create(deps.queue, {
      projectId,
      fromModel: { id: fromId, version, sha256: fromInstalled?.version === version ? fromInstalled.sha256 : selected[0]!.sha256 },
      model: identityOf(model),
      transcriptIds: selected.map((t) => t.id),
      since: body.since,
      until: body.until,
      createdBy: user.id,
    });
    return c.json(rerun, 202);
  });

  serveRoute(routes, listRerunsRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, deps.projects, projectId, 'project.read');
    return c.json({ reruns: reruns.list(projectId) });
  });

  return routes;
}

/** Re-transcribing one transcript, mounted at `/api/transcripts`: `POST /:id/retranscribe` (editors and above). */
export function retranscribeRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const transcripts = new TranscriptStore(deps.db);
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, retranscribeRoute, async (c) => {
    const { record } = authorizeTranscript(c, deps.projects, transcripts, 'transcript.edit');
    const body = await readJson(c, RetranscribeBody);
    // checked now so that a typo is answered at once; the job resolves it again when it starts
    if (body.model !== undefined && (await registryOf(deps).store.get(body.model)) === undefined) {
      throw new HttpError(422, 'model-not-found', `The model "${body.model}" is not installed (GET /api/models lists the installed ones).`);
    }
    const { user } = c.get('auth') as RequestAuth;
    const payload: RetranscribeJobPayloadJson = { transcriptId: record.id, ...(body.model && { model: body.model }), ...(body.lm && { lm: body.lm }), requestedBy: user.id };
    const job = deps.queue.enqueue({ projectId: record.projectId, kind: RETRANSCRIBE_JOB_KIND, payload });
    return c.json(job, 202, { location: `/api/jobs/${job.id}` });
  });

  return routes;
}
