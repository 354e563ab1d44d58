import { OpenAPIHono } from '@hono/zod-openapi';
import { MediaStore } from '../../media/MediaStore.ts';
import { decodeFlaggedCursor, encodeFlaggedCursor } from '../../reviews/FlaggedCursor.ts';
import { findFlaggedWords } from '../../reviews/findFlaggedWords.ts';
import { measureQuality } from '../../reviews/measureQuality.ts';
import { DEFAULT_FLAGGED_LIMIT, FlaggedQueryJson, FlaggedWordsResponse, MAX_FLAGGED_LIMIT, QualityResponse } from '../../reviews/reviewSchemas.ts';
import { ReviewStore } from '../../reviews/ReviewStore.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { authorizeProject, projectNotFound } from '../authorizeProject.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const listFlaggedWordsRoute = apiRoute({
  id: 'listFlaggedWords', method: 'get', path: '/{id}/flagged', tag: 'review', auth: true, errors: [400, 404],
  query: {
    threshold: { schema: FlaggedQueryJson.shape.threshold, description: "Flag words with a confidence below this, 0 to 1 (default: the project's reviewThreshold)." },
    limit: { schema: FlaggedQueryJson.shape.limit, description: `Most words to return, 1 to ${MAX_FLAGGED_LIMIT} (default ${DEFAULT_FLAGGED_LIMIT}).` },
    after: { schema: FlaggedQueryJson.shape.after, description: "The previous page's next: the words after it." },
  },
  errorText: { 400: 'Bad request: a project id that cannot exist, a threshold or limit out of range, or an after that is no page\'s next.' },
  summary:
    "The project's words waiting for review (unreviewed, confidence below the threshold) in the transcripts' current documents, by transcript then time, with their media and context (any member), a page at a time (next, then ?after=). Stops reading transcripts once it holds limit words (see truncated).",
  success: { status: 200, schema: FlaggedWordsResponse, description: 'The flagged words.' },
});

const getProjectQualityRoute = apiRoute({
  id: 'getProjectQuality', method: 'get', path: '/{id}/quality', tag: 'review', auth: true, errors: [400, 404],
  summary:
    "Quality per model version of the project's transcripts (any member): transcripts, original words, reviewed words, accepts and corrections, the correction rate corrected / (accepted + corrected), and the field measures on verified spans: WER/CER with S/D/I and intervals, reliability bins, ECE, AUROC, flag precision/recall at the project's threshold, weekly trend, most-corrected words, fairness slices with their largest disparity, the alert state and the active calibration. A measure on fewer than minWords verified words is null with a reason; transcripts that cannot be measured are listed in problems. Computed on demand; unchanged transcripts come from a cache keyed by their document state and spans.",
  success: { status: 200, schema: QualityResponse, description: 'One entry per model version.' },
});

/**
 * Review across a project, mounted at `/api/projects`: `GET /:id/flagged?threshold=&limit=&after=` lists the words waiting
 * for review in the current documents (see `findFlaggedWords`), and `GET /:id/quality` measures each model version
 * (see `measureQuality`). Any member.
 */
export function reviewProjectRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const documents = new DocumentStore(deps.db);
  const transcripts = new TranscriptStore(deps.db, { documents });
  const media = new MediaStore(deps.db, { dataDir: deps.config.dataDir, mediaDir: deps.config.mediaDir });
  const reviews = new ReviewStore(deps.db);
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, listFlaggedWordsRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'transcript.read');
    const query = c.req.query();
    const parsed = FlaggedQueryJson.safeParse(query);
    // coercion would read an empty value as 0
    if (!parsed.success || Object.values(query).some((value) => value.trim() === '')) {
      throw new HttpError(400, 'invalid-query', `Use ?threshold= (a confidence from 0 to 1) and ?limit= (a whole number from 1 to ${MAX_FLAGGED_LIMIT}).`);
    }
    const project = projects.getProject(projectId);
    if (project === undefined) throw projectNotFound(projectId);
    const threshold = parsed.data.threshold ?? project.reviewThreshold;
    const limit = parsed.data.limit ?? DEFAULT_FLAGGED_LIMIT;
    const after = parsed.data.after === undefined ? undefined : decodeFlaggedCursor(parsed.data.after);
    if (parsed.data.after !== undefined && after === undefined) throw new HttpError(400, 'invalid-query', "?after= takes a page's next, as the server sent it.");
    const page = findFlaggedWords({ transcripts, documents, media }, projectId, { threshold, limit, after });
    return c.json({ ...page, next: page.next === null ? null : encodeFlaggedCursor(page.next) });
  });

  serveRoute(routes, getProjectQualityRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'transcript.read');
    return c.json(measureQuality({ db: deps.db, documents, reviews, ...(deps.now && { now: deps.now }) }, projectId));
  });

  return routes;
}
