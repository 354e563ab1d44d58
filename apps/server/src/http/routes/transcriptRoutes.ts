import type { Context } from 'hono';
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { ProjectAction } from '../../auth/ProjectAction.ts';
import { MediaStore } from '../../media/MediaStore.ts';
import { PluginChangeStore } from '../../plugins/PluginChangeStore.ts';
import { PluginChangeListResponse, toPluginChangeJson } from '../../plugins/pluginSchemas.ts';
import { readTranscriptTurns, type TranscriptDocTurn } from '@verbatim/core/document';
import { TranscriptStore, type TranscriptRecord } from '../../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth, unauthenticated } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, exportDisposition, isExportFormat, renderTranscriptExport, reviewerNames } from './transcriptExport.ts';
import { toTranscriptJson } from './transcriptJson.ts';
import { TranscriptDetailResponse } from '../schemas/transcriptSchemas.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const getTranscriptRoute = apiRoute({
  id: 'getTranscript', method: 'get', path: '/{id}', tag: 'transcripts', auth: true, errors: [400, 404],
  query: { turns: { schema: z.enum(['0', '1']).default('1'), description: '0: the record only, without reading the document (what an editor that syncs the document itself needs).' } },
  errorText: { 400: 'Bad request: a transcript id that cannot exist, or turns other than 0 or 1.' },
  summary: 'A transcript: its record (media, model id, version and hash) and its current turns and words, corrections included.',
  success: { status: 200, schema: TranscriptDetailResponse, description: 'The transcript.' },
});

const exportTranscriptRoute = apiRoute({
  id: 'exportTranscript', method: 'get', path: '/{id}/export', tag: 'transcripts', auth: true, errors: [400, 404],
  query: { format: { schema: z.enum(EXPORT_FORMATS).default('txt'), description: 'The file format.' } },
  errorText: { 400: 'Bad request: a transcript id that cannot exist, or an unknown format.' },
  summary: 'The transcript as it reads now, as a download: ?format=txt (default), srt, vtt, json or docx.',
  success: { status: 200, media: Object.values(EXPORT_CONTENT_TYPES), description: 'The file, with a Content-Disposition file name.' },
});

const deleteTranscriptRoute = apiRoute({
  id: 'deleteTranscript', method: 'delete', path: '/{id}', tag: 'transcripts', auth: true, errors: [400, 403, 404],
  summary:
    'Delete a transcript (owners) with its document, edits, reviews and plugin records; its recording and other transcripts stay. Open collaboration rooms of it can no longer store anything, and every route of it answers 404.',
  success: { status: 204, description: 'Deleted.' },
});

const listTranscriptPluginChangesRoute = apiRoute({
  id: 'listTranscriptPluginChanges', method: 'get', path: '/{id}/plugin-changes', tag: 'plugins', auth: true, errors: [400, 404],
  summary: "What plugins' post-processors changed in a transcript's words, in the order they ran (anyone who may read it).",
  success: { status: 200, schema: PluginChangeListResponse, description: 'The changes.' },
});

/**
 * One transcript, mounted at `/api/transcripts`: `GET /:id` (its record and its current turns and words, read from
 * the collaborative document, any member), `GET /:id/export?format=txt|srt|vtt|json|docx` (the document as it
 * reads now, human corrections included, as a download) and `GET /:id/plugin-changes` (what plugins' post-processors
 * changed, in order, so an editor can show it and a reviewer undo it), and `DELETE /:id` (owners: the transcript
 * with its document, reviews and plugin records; its recording stays). To anyone outside its project it does not
 * exist (404).
 */
export function transcriptRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const documents = new DocumentStore(deps.db);
  const transcripts = new TranscriptStore(deps.db, { documents });
  const media = new MediaStore(deps.db, { dataDir: deps.config.dataDir, mediaDir: deps.config.mediaDir });
  const pluginChanges = new PluginChangeStore(deps.db);
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  function findTranscript(c: Context<AppEnv>, action: ProjectAction): TranscriptRecord {
    const id = readIdParam(c, 'id', 'transcript');
    const record = transcripts.get(id);
    if (record === undefined) throw transcriptNotFound(id);
    const decision = projects.authorize(c.get('auth')?.principal, record.projectId, action);
    if (decision.allowed) return record;
    if (decision.reason === 'unauthenticated') throw unauthenticated();
    if (decision.reason === 'not-member') throw transcriptNotFound(id);
    throw new HttpError(403, 'insufficient-role', `Your role in this project is ${decision.role}; this needs ${decision.required}${decision.required === 'owner' ? '' : ' or above'}.`);
  }

  function currentTurns(id: string): TranscriptDocTurn[] {
    const doc = documents.load(id);
    try {
      return readTranscriptTurns(doc);
    } finally {
      doc.destroy();
    }
  }

  serveRoute(routes, getTranscriptRoute, (c) => {
    const record = findTranscript(c, 'transcript.read');
    const turns = c.req.query('turns') ?? '1';
    if (turns !== '0' && turns !== '1') throw new HttpError(400, 'invalid-query', 'turns must be 0 or 1.');
    // an editor syncs the document over the WebSocket: reading every word here would only slow its opening
    return c.json(turns === '0' ? toTranscriptJson(record) : { ...toTranscriptJson(record), turns: currentTurns(record.id) });
  });

  serveRoute(routes, exportTranscriptRoute, async (c) => {
    const record = findTranscript(c, 'transcript.export');
    const format = c.req.query('format') ?? 'txt';
    if (!isExportFormat(format)) {
      throw new HttpError(400, 'invalid-format', `Unknown export format ${JSON.stringify(format.slice(0, 50))}; use one of ${EXPORT_FORMATS.join(', ')}.`);
    }
    const source = media.get(record.mediaId);
    const title = source?.originalName.replace(/\.[^.]*$/, '') || 'Transcript';
    const turns = currentTurns(record.id);
    const body = await renderTranscriptExport(
      {
        turns,
        model: record.model,
        plugins: record.plugins,
        duration: source?.durationSeconds ?? 0,
        title,
        createdAt: record.createdAt,
        // who checked or wrote which word, and what the recogniser had heard where a person changed it
        original: transcripts.originalSegments(record.id) ?? [],
        people: reviewerNames(deps.db, turns),
      },
      format,
    );
    return new Response(body as string | Uint8Array<ArrayBuffer>, {
      headers: {
        'content-type': EXPORT_CONTENT_TYPES[format],
        'content-disposition': exportDisposition(title, format),
        'cache-control': 'private, no-cache',
      },
    });
  });

  serveRoute(routes, deleteTranscriptRoute, (c) => {
    const record = findTranscript(c, 'transcript.delete');
    if (deps.content.removeTranscript(record.id) === undefined) throw transcriptNotFound(record.id);
    return c.body(null, 204);
  });

  serveRoute(routes, listTranscriptPluginChangesRoute, (c) => {
    const record = findTranscript(c, 'transcript.read');
    return c.json({ changes: pluginChanges.list(record.id).map(toPluginChangeJson) });
  });

  return routes;
}

function transcriptNotFound(id: string): HttpError {
  return new HttpError(404, 'transcript-not-found', `There is no transcript ${id} in a project you are a member of.`);
}
