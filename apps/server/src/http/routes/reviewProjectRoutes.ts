import { Hono } from 'hono';
import { MediaStore } from '../../media/MediaStore.ts';
import { findFlaggedWords } from '../../reviews/findFlaggedWords.ts';
import { measureQuality } from '../../reviews/measureQuality.ts';
import { DEFAULT_FLAGGED_LIMIT, FlaggedQueryJson, MAX_FLAGGED_LIMIT } from '../../reviews/reviewSchemas.ts';
import { ReviewStore } from '../../reviews/ReviewStore.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { authorizeProject, projectNotFound } from '../authorizeProject.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';

/**
 * Review across a project, mounted at `/api/projects`: `GET /:id/flagged?threshold=&limit=` lists the words waiting
 * for review in the current documents (see `findFlaggedWords`), and `GET /:id/quality` measures each model version
 * (see `measureQuality`). Any member.
 */
export function reviewProjectRoutes(deps: AppDeps): Hono<AppEnv> {
  const { projects } = deps;
  const documents = new DocumentStore(deps.db);
  const transcripts = new TranscriptStore(deps.db, { documents });
  const media = new MediaStore(deps.db, { dataDir: deps.config.dataDir });
  const reviews = new ReviewStore(deps.db);
  const routes = new Hono<AppEnv>();
  routes.use(requireAuth());

  routes.get('/:id/flagged', (c) => {
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
    return c.json(findFlaggedWords({ transcripts, documents, media }, projectId, { threshold, limit }));
  });

  routes.get('/:id/quality', (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'transcript.read');
    return c.json({ models: measureQuality({ db: deps.db, documents, reviews }, projectId) });
  });

  return routes;
}
