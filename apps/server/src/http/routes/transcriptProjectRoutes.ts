import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { readTranscriptTurns } from '@verbatim/core/document';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { authorizeProject } from '../authorizeProject.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { toTranscriptJson } from './transcriptJson.ts';
import { searchTranscriptTurns, type TranscriptSearchHit } from './transcriptSearch.ts';
import { TranscriptListResponse, TranscriptSearchResponse } from '../schemas/transcriptSchemas.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const MAX_QUERY_LENGTH = 200;
const MAX_HITS = 100;

const listTranscriptsRoute = apiRoute({
  id: 'listTranscripts', method: 'get', path: '/{id}/transcripts', tag: 'transcripts', auth: true, errors: [400, 404],
  summary: "A project's transcripts, oldest first (any member).",
  success: { status: 200, schema: TranscriptListResponse, description: 'The transcripts.' },
});

const searchTranscriptsRoute = apiRoute({
  id: 'searchTranscripts', method: 'get', path: '/{id}/search', tag: 'transcripts', auth: true, errors: [400, 404],
  query: { q: { schema: z.string().min(1).max(200), description: 'The text to find, case-insensitively.', required: true } },
  errorText: { 400: 'Bad request: a project id that cannot exist, or q missing, empty or over 200 characters.' },
  summary: "Case-insensitive search for ?q= in the current text of the project's transcripts (any member).",
  success: { status: 200, schema: TranscriptSearchResponse, description: 'At most 100 hits.' },
});

/**
 * A project's transcripts, mounted at `/api/projects`: `GET /:id/transcripts` lists them, oldest first, and
 * `GET /:id/search?q=` finds text in their current documents, case-insensitively (at most 100 hits, each with
 * the transcript id and a snippet). Any member.
 */
export function transcriptProjectRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const documents = new DocumentStore(deps.db);
  const transcripts = new TranscriptStore(deps.db, { documents });
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, listTranscriptsRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'transcript.read');
    return c.json({ transcripts: transcripts.listForProject(projectId).map(toTranscriptJson) });
  });

  serveRoute(routes, searchTranscriptsRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'transcript.read');
    const query = (c.req.query('q') ?? '').trim();
    if (query === '' || query.length > MAX_QUERY_LENGTH) {
      throw new HttpError(400, 'invalid-query', `Give the text to find as ?q=, 1 to ${MAX_QUERY_LENGTH} characters.`);
    }
    const hits: TranscriptSearchHit[] = [];
    for (const record of transcripts.listForProject(projectId)) {
      const doc = documents.load(record.id);
      try {
        hits.push(...searchTranscriptTurns(record.id, readTranscriptTurns(doc), query, MAX_HITS - hits.length));
      } finally {
        doc.destroy();
      }
      if (hits.length >= MAX_HITS) break;
    }
    return c.json({ query, hits, truncated: hits.length >= MAX_HITS });
  });

  return routes;
}
