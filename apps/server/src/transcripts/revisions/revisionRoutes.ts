import { OpenAPIHono } from '@hono/zod-openapi';
import { TranscriptRevisionJson } from '@verbatim/core/api';
import { z } from 'zod';
import type { AppDeps } from '../../http/AppDeps.ts';
import type { AppEnv, RequestAuth } from '../../http/AppEnv.ts';
import { authorizeTranscript } from '../../http/authorizeTranscript.ts';
import { HttpError } from '../../http/HttpError.ts';
import { requireAuth } from '../../http/middleware/requireAuth.ts';
import { apiRoute, serveRoute } from '../../http/openapi/apiRoute.ts';
import { readIdParam } from '../../http/readIdParam.ts';
import { TranscriptTurnJson } from '../../http/schemas/transcriptSchemas.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import { TranscriptStore } from '../TranscriptStore.ts';
import { restoreRevision } from './restoreRevision.ts';
import { TranscriptRevisionStore } from './TranscriptRevisionStore.ts';

/** `GET /api/transcripts/:id/revisions`. */
export const TranscriptRevisionListResponse = z.object({ revisions: z.array(TranscriptRevisionJson) });

/** `GET /api/transcripts/:id/revisions/:revisionId`: the revision and its text. */
export const TranscriptRevisionDetailResponse = z.object({
  revision: TranscriptRevisionJson,
  segments: z.array(TranscriptTurnJson).describe('Its turns and words, review marks and origins included, as the document held them.'),
});

/** `POST /api/transcripts/:id/revisions/:revisionId/restore`. */
export const RestoredRevisionResponse = z.object({
  revision: TranscriptRevisionJson.describe('The before-restore revision that keeps the document as it was just before the restore.'),
  restored: TranscriptRevisionJson.describe('The revision brought back.'),
});

const listRevisionsRoute = apiRoute({
  id: 'listTranscriptRevisions', method: 'get', path: '/{id}/revisions', tag: 'transcripts', auth: true, errors: [400, 404],
  summary:
    "A transcript's kept revisions, oldest first (any member): each model output as made (machine; the first is the transcript's original words) and the document as it was before each re-run or restore replaced it (before-rerun, before-restore).",
  success: { status: 200, schema: TranscriptRevisionListResponse, description: 'The revisions.' },
});

const getRevisionRoute = apiRoute({
  id: 'getTranscriptRevision', method: 'get', path: '/{id}/revisions/{revisionId}', tag: 'transcripts', auth: true, errors: [400, 404],
  errorText: { 404: 'Unknown transcript or not a member (transcript-not-found), or no such revision of it (revision-not-found).' },
  summary: 'One revision of a transcript with its turns and words (any member).',
  success: { status: 200, schema: TranscriptRevisionDetailResponse, description: 'The revision and its text.' },
});

const restoreRevisionRoute = apiRoute({
  id: 'restoreTranscriptRevision', method: 'post', path: '/{id}/revisions/{revisionId}/restore', tag: 'transcripts', auth: true, errors: [400, 404, 409],
  errorText: {
    404: 'Unknown transcript or not a member (transcript-not-found), or no such revision of it (revision-not-found).',
    409: 'document-read-only: the document may not be changed (invalid, newer schema, failed migration).',
  },
  summary:
    "Make a kept revision the transcript's text again (editors and above): the document as it is now is kept first as a before-restore revision, its text is replaced by the revision's in one change that connected editors see at once, and the revision's machine words and model become the transcript's again.",
  success: { status: 200, schema: RestoredRevisionResponse, description: 'The revision that keeps what was replaced, and the one restored.' },
});

/**
 * A transcript's revisions, mounted at `/api/transcripts`: `GET /:id/revisions` and `GET /:id/revisions/:revisionId`
 * (any member), `POST /:id/revisions/:revisionId/restore` (editors and above).
 */
export function revisionRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const documents = new DocumentStore(deps.db);
  const transcripts = new TranscriptStore(deps.db, { documents });
  const revisions = new TranscriptRevisionStore(deps.db, { ...(deps.now && { now: deps.now }) });
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, listRevisionsRoute, (c) => {
    const { record } = authorizeTranscript(c, deps.projects, transcripts, 'transcript.read');
    return c.json({ revisions: revisions.list(record.id) });
  });

  serveRoute(routes, getRevisionRoute, (c) => {
    const { record } = authorizeTranscript(c, deps.projects, transcripts, 'transcript.read');
    const revisionId = readIdParam(c, 'revisionId', 'revision');
    const content = revisions.read(record.id, revisionId);
    if (content === undefined) throw revisionNotFound(record.id, revisionId);
    return c.json({ revision: content.revision, segments: content.turns });
  });

  serveRoute(routes, restoreRevisionRoute, (c) => {
    const { record } = authorizeTranscript(c, deps.projects, transcripts, 'transcript.edit');
    const revisionId = readIdParam(c, 'revisionId', 'revision');
    const { user } = c.get('auth') as RequestAuth;
    const restored = restoreRevision({ db: deps.db, documents, liveDocument: deps.liveDocument, revisions }, record.id, revisionId, user.id);
    if (restored === undefined) throw revisionNotFound(record.id, revisionId);
    return c.json({ revision: restored.before, restored: restored.restored });
  });

  return routes;
}

function revisionNotFound(transcriptId: string, revisionId: string): HttpError {
  return new HttpError(404, 'revision-not-found', `Transcript ${transcriptId} has no revision ${revisionId}.`);
}
