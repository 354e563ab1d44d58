import { OpenAPIHono } from '@hono/zod-openapi';
import { CreateVerifiedSpanBody, VerifiedSpanJson, VerifiedSpansResponse } from '@verbatim/core/api';
import { readTranscriptTurns } from '@verbatim/core/document';
import type { AppDeps } from '../http/AppDeps.ts';
import type { AppEnv, RequestAuth } from '../http/AppEnv.ts';
import { authorizeTranscript } from '../http/authorizeTranscript.ts';
import { HttpError } from '../http/HttpError.ts';
import { requireAuth } from '../http/middleware/requireAuth.ts';
import { apiRoute, serveRoute } from '../http/openapi/apiRoute.ts';
import { readJson } from '../http/readJson.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { VerifiedSpanStore } from './VerifiedSpanStore.ts';

const listRoute = apiRoute({
  id: 'listVerifiedSpans', method: 'get', path: '/{id}/verified-spans', tag: 'quality', auth: true, errors: [400, 404],
  summary: "A transcript's standing verified spans, by start (any member).",
  success: { status: 200, schema: VerifiedSpansResponse, description: 'The spans.' },
});

const createRoute = apiRoute({
  id: 'createVerifiedSpan', method: 'post', path: '/{id}/verified-spans', tag: 'quality', auth: true, body: CreateVerifiedSpanBody,
  errors: [400, 404, 413, 415, 422],
  errorText: { 422: 'invalid-body; turn-not-found: no turn with this index; invalid-span: endMs before startMs, or a span beyond the recording.' },
  summary:
    'Mark part of the transcript verified, every word in it checked (reviewers and above): the whole transcript, one turn (by index in the current document) or a time span in milliseconds. Field quality compares the current words inside verified spans with the machine words stored for the same time. Who and when are recorded; removing a span keeps it on record.',
  success: { status: 201, schema: VerifiedSpanJson, description: 'The span recorded.' },
});

const deleteRoute = apiRoute({
  id: 'deleteVerifiedSpan', method: 'delete', path: '/{id}/verified-spans/{spanId}', tag: 'quality', auth: true, errors: [400, 404],
  pathParams: { spanId: { description: 'The span id (an integer).', maxLength: 20 } },
  errorText: { 404: 'Unknown transcript or not a member (transcript-not-found), or no standing span with this id (span-not-found).' },
  summary: 'Withdraw a verified span (reviewers and above); it stays on record with who removed it and when, and no longer counts.',
  success: { status: 204, description: 'Removed.' },
});

/**
 * Verified spans of a transcript, mounted at `/api/transcripts`: `GET /:id/verified-spans` (any member),
 * `POST /:id/verified-spans` and `DELETE /:id/verified-spans/:spanId` (reviewers and above).
 */
export function verifiedSpanRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const documents = new DocumentStore(deps.db);
  const transcripts = new TranscriptStore(deps.db, { documents });
  const spans = new VerifiedSpanStore(deps.db, deps.now === undefined ? {} : { now: deps.now });
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, listRoute, (c) => {
    const { record } = authorizeTranscript(c, projects, transcripts, 'transcript.read');
    return c.json({ spans: spans.list(record.id) });
  });

  serveRoute(routes, createRoute, async (c) => {
    const { record } = authorizeTranscript(c, projects, transcripts, 'transcript.review');
    const body = await readJson(c, CreateVerifiedSpanBody);
    const { user } = c.get('auth') as RequestAuth;
    const doc = deps.liveDocument?.(record.id);
    const loaded = doc === undefined ? documents.load(record.id) : undefined;
    let range: { startMs: number; endMs: number };
    try {
      const turns = readTranscriptTurns(doc ?? loaded!);
      const original = transcripts.originalSegments(record.id) ?? [];
      const ends = [...turns.flatMap((t) => t.words.map((w) => w.end)), ...original.flatMap((s) => s.words.map((w) => w.end))];
      const lastMs = Math.ceil(Math.max(0, ...ends) * 1000);
      if (body.scope === 'transcript') range = { startMs: 0, endMs: lastMs };
      else if (body.scope === 'turn' && body.startMs !== undefined && body.endMs !== undefined) {
        // the turn as the reviewer saw it: the document here may not have their latest split or merge yet
        if (body.endMs < body.startMs) throw new HttpError(422, 'invalid-span', `endMs (${body.endMs}) is before startMs (${body.startMs}).`);
        range = { startMs: body.startMs, endMs: body.endMs };
      } else if (body.scope === 'turn') {
        const turn = turns[body.turn];
        if (turn === undefined || turn.words.length === 0) {
          throw new HttpError(422, 'turn-not-found', `The transcript has no turn ${body.turn} with words (it has ${turns.length} turns, numbered from 0).`);
        }
        range = { startMs: Math.floor(Math.min(...turn.words.map((w) => w.start)) * 1000), endMs: Math.ceil(Math.max(...turn.words.map((w) => w.end)) * 1000) };
      } else {
        if (body.endMs < body.startMs) throw new HttpError(422, 'invalid-span', `endMs (${body.endMs}) is before startMs (${body.startMs}).`);
        range = { startMs: body.startMs, endMs: body.endMs };
      }
    } finally {
      loaded?.destroy();
    }
    return c.json(spans.add({ transcriptId: record.id, scope: body.scope, ...range, by: user.id }), 201);
  });

  serveRoute(routes, deleteRoute, (c) => {
    const { record } = authorizeTranscript(c, projects, transcripts, 'transcript.review');
    const raw = c.req.param('spanId') ?? '';
    const spanId = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : undefined;
    if (spanId === undefined) throw new HttpError(400, 'invalid-id', 'The span id in the URL is not a positive integer.');
    const { user } = c.get('auth') as RequestAuth;
    if (!spans.remove(record.id, spanId, user.id)) throw new HttpError(404, 'span-not-found', `Transcript ${record.id} has no standing verified span ${spanId}.`);
    return c.body(null, 204);
  });

  return routes;
}
