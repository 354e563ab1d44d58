import { Hono } from 'hono';
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

const MAX_QUERY_LENGTH = 200;
const MAX_HITS = 100;

/**
 * A project's transcripts, mounted at `/api/projects`: `GET /:id/transcripts` lists them, oldest first, and
 * `GET /:id/search?q=` finds text in their current documents, case-insensitively (at most 100 hits, each with
 * the transcript id and a snippet). Any member.
 */
export function transcriptProjectRoutes(deps: AppDeps): Hono<AppEnv> {
  const { projects } = deps;
  const documents = new DocumentStore(deps.db);
  const transcripts = new TranscriptStore(deps.db, { documents });
  const routes = new Hono<AppEnv>();
  routes.use(requireAuth());

  routes.get('/:id/transcripts', (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'transcript.read');
    return c.json({ transcripts: transcripts.listForProject(projectId).map(toTranscriptJson) });
  });

  routes.get('/:id/search', (c) => {
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
