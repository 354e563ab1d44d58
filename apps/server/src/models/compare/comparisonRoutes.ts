import { OpenAPIHono } from '@hono/zod-openapi';
import { CreateModelComparisonBody, ModelComparisonJson } from '@verbatim/core/api';
import { z } from 'zod';
import type { AppDeps } from '../../http/AppDeps.ts';
import type { AppEnv, RequestAuth } from '../../http/AppEnv.ts';
import { authorizeProject } from '../../http/authorizeProject.ts';
import { HttpError } from '../../http/HttpError.ts';
import { requireAuth } from '../../http/middleware/requireAuth.ts';
import { apiRoute, serveRoute } from '../../http/openapi/apiRoute.ts';
import { readIdParam } from '../../http/readIdParam.ts';
import { readJson } from '../../http/readJson.ts';
import { identityOf } from '../ModelRegistry.ts';
import { registryOf } from '../modelRoutes.ts';
import { ModelComparisonStore } from './ModelComparisonStore.ts';
import { comparisonSet } from './comparisonSet.ts';

/** `GET /api/projects/:id/model-comparisons`. */
export const ModelComparisonListResponse = z.object({ comparisons: z.array(ModelComparisonJson) });

const createComparisonRoute = apiRoute({
  id: 'createModelComparison', method: 'post', path: '/{id}/model-comparisons', tag: 'models', auth: true, body: CreateModelComparisonBody,
  errors: [400, 404, 413, 415, 422],
  errorText: {
    422: 'invalid-body; model-not-found: the model is not installed; nothing-to-compare: no transcript of the project (of the test split, when asked) has a verified span or a review record yet.',
  },
  summary:
    "Compare an installed model with the models that made the project's reviewed transcripts (owners): a background job transcribes their media with it (project vocabulary and plugins, as a transcription would) and measures both against the current text: WER/CER with S/D/I, vocabulary term recall, ECE (null when uncalibrated), flag precision/recall at the project's threshold and the real-time factor. It measures on the text inside the project's verified spans when it has any, else on the whole text of the transcripts with a standing review record (basis); with split \"test\", only on the recordings of the training export's test split (held back from fine-tuning).",
  success: { status: 202, schema: ModelComparisonJson, description: 'The queued comparison (Location: /api/model-comparisons/{id}); its job is jobId.' },
});

const listComparisonsRoute = apiRoute({
  id: 'listModelComparisons', method: 'get', path: '/{id}/model-comparisons', tag: 'models', auth: true, errors: [400, 404],
  summary: "The project's model comparisons, newest first (any member); rows are filled once a comparison succeeded.",
  success: { status: 200, schema: ModelComparisonListResponse, description: 'The comparisons.' },
});

const getComparisonRoute = apiRoute({
  id: 'getModelComparison', method: 'get', path: '/{id}', tag: 'models', auth: true, errors: [400, 404],
  errorText: { 404: 'Unknown comparison, or one of a project the caller is not a member of (comparison-not-found).' },
  summary: "One model comparison (members of its project): its state (its job's), the candidate, and once it succeeded the current and candidate rows.",
  success: { status: 200, schema: ModelComparisonJson, description: 'The comparison.' },
});

/**
 * A project's model comparisons, mounted at `/api/projects`: `POST /:id/model-comparisons` `{ model }` (owners)
 * queues one, `GET /:id/model-comparisons` lists them (any member).
 */
export function comparisonProjectRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const comparisons = new ModelComparisonStore(deps.db, { ...(deps.now && { now: deps.now }) });
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, createComparisonRoute, async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, deps.projects, projectId, 'project.update');
    const body = await readJson(c, CreateModelComparisonBody);
    const model = await registryOf(deps).store.get(body.model);
    if (model === undefined) throw new HttpError(422, 'model-not-found', `The model "${body.model}" is not installed (GET /api/models lists the installed ones).`);
    if (comparisonSet(deps.db, projectId, { split: body.split }).transcripts.length === 0) {
      throw new HttpError(
        422,
        'nothing-to-compare',
        body.split === 'test'
          ? "No reviewed transcript of this project is on the test side of the training export's split: compare without split, or verify more recordings."
          : 'No transcript of this project has been reviewed yet: a comparison measures on the text reviewers checked.',
      );
    }
    const { user } = c.get('auth') as RequestAuth;
    const comparison = comparisons.create(deps.queue, { projectId, candidate: identityOf(model), createdBy: user.id, split: body.split });
    return c.json(comparison, 202, { location: `/api/model-comparisons/${comparison.id}` });
  });

  serveRoute(routes, listComparisonsRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, deps.projects, projectId, 'project.read');
    return c.json({ comparisons: comparisons.list(projectId) });
  });

  return routes;
}

/** One comparison by id, mounted at `/api/model-comparisons`: `GET /:id` (members of its project). */
export function comparisonRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const comparisons = new ModelComparisonStore(deps.db);
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, getComparisonRoute, (c) => {
    const id = readIdParam(c, 'id', 'comparison');
    const comparison = comparisons.get(id);
    const notFound = new HttpError(404, 'comparison-not-found', `There is no model comparison ${id} in a project you are a member of.`);
    if (comparison === undefined) throw notFound;
    try {
      authorizeProject(c, deps.projects, comparison.projectId, 'project.read');
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) throw notFound;
      throw error;
    }
    return c.json(comparison);
  });

  return routes;
}
