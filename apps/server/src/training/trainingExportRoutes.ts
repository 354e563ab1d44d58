import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type ModelIdentityJson, TrainingExportRecordJson } from '@verbatim/core/api';
import { z } from 'zod';
import type { AppDeps } from '../http/AppDeps.ts';
import type { AppEnv, RequestAuth } from '../http/AppEnv.ts';
import { authorizeProject } from '../http/authorizeProject.ts';
import { HttpError } from '../http/HttpError.ts';
import { requireAuth } from '../http/middleware/requireAuth.ts';
import { apiRoute, serveRoute } from '../http/openapi/apiRoute.ts';
import { readIdParam } from '../http/readIdParam.ts';
import { blobStoreFor } from '../media/blobs/blobStoreFor.ts';
import { toBlobHttpError } from '../media/blobs/toBlobHttpError.ts';
import { MediaStore } from '../media/MediaStore.ts';
import { ModelRegistryError } from '../models/ModelRegistryError.ts';
import { isAdmin } from '../models/requireAdmin.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { Alphabet } from './Alphabet.ts';
import { planTrainingExport } from './planTrainingExport.ts';
import { streamTrainingExport } from './streamTrainingExport.ts';
import { TrainingExportStore } from './TrainingExportStore.ts';

/** `GET /api/projects/:id/training-exports`. */
export const TrainingExportListResponse = z.object({ exports: z.array(TrainingExportRecordJson) });

/** Bounds of the segment length a caller may ask for, in seconds. */
export const SEGMENT_SECONDS = { min: 0.5, max: 60, defaultMin: 2, defaultMax: 20 } as const;

/** Header carrying the number of segments the tar will hold (planned before any audio is decoded). */
export const SEGMENTS_HEADER = 'x-verbatim-segments';

const exportRoute = apiRoute({
  id: 'exportTrainingData', method: 'get', path: '/{id}/training-export', tag: 'training', auth: true, errors: [400, 403, 404, 422],
  query: {
    minSeconds: { schema: z.string(), description: `Shortest segment, in seconds (default ${SEGMENT_SECONDS.defaultMin}; ${SEGMENT_SECONDS.min}-${SEGMENT_SECONDS.max}).` },
    maxSeconds: { schema: z.string(), description: `Longest segment, in seconds (default ${SEGMENT_SECONDS.defaultMax}; at least minSeconds, at most ${SEGMENT_SECONDS.max}).` },
  },
  errorText: {
    400: 'invalid-query: minSeconds/maxSeconds not numbers within bounds, or an unknown parameter.',
    403: "insufficient-role: only the project's owners (and administrators who are members) release its audio.",
    422: "nothing-to-export: no verified speech that makes a segment (the message says why); model-unavailable: the project's default model cannot be resolved (its alphabet normalises the text).",
  },
  summary:
    "Export the project's verified speech as training data (owners; administrators who are members): a streamed tar with train/dev/test NeMo-style JSONL manifests, 16 kHz mono WAV segments cut at verified turns and word gaps (minSeconds-maxSeconds, never inside a word), text normalised to the alphabet of the project's default model, report.json (what was left out and why) and export.json (who, when, alphabet, split rule, counts, manifest hashes). Recordings are split 80/10/10 by a stable hash of project and recording, so no recording is on two sides. A recording whose audio is gone is left out and reported. Every export is recorded (GET /training-exports).",
  success: { status: 200, media: ['application/x-tar'], description: `The tar, with a Content-Disposition file name and ${SEGMENTS_HEADER} (segments it will hold).` },
});

const listRoute = apiRoute({
  id: 'listTrainingExports', method: 'get', path: '/{id}/training-exports', tag: 'training', auth: true, errors: [400, 403, 404],
  errorText: { 403: "insufficient-role: only the project's owners (and administrators who are members) see its exports." },
  summary: "The project's training exports, newest first: who released its audio, when, and what went out (owners; administrators who are members).",
  success: { status: 200, schema: TrainingExportListResponse, description: 'The exports.' },
});

/**
 * Training data export, mounted at `/api/projects`: `GET /:id/training-export` streams the tar, `GET
 * /:id/training-exports` lists who exported what. Both for the project's owners; an administrator needs to be a
 * member (any role), so that access to the audio shows in the member list.
 */
export function trainingExportRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const documents = new DocumentStore(deps.db);
  const transcripts = new TranscriptStore(deps.db, { documents });
  const media = new MediaStore(deps.db, { dataDir: deps.config.dataDir, mediaDir: deps.config.mediaDir, blobs: blobStoreFor(deps.config) });
  const exports = new TrainingExportStore(deps.db, deps.now === undefined ? {} : { now: deps.now });
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  const authorize = (c: Context<AppEnv>, projectId: string) => authorizeProject(c, deps.projects, projectId, isAdmin(c) ? 'project.read' : 'project.update');

  serveRoute(routes, exportRoute, async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorize(c, projectId);
    const { minSeconds, maxSeconds } = readSegmentQuery(c);
    const { alphabet, model } = await projectAlphabet(deps, projectId);
    const plan = planTrainingExport({ db: deps.db, transcripts, media, liveDocument: deps.liveDocument }, projectId, { minSeconds, maxSeconds, alphabet });
    const dropped = plan.recordings.reduce((sum, r) => sum + r.dropped.length, 0);
    if (plan.segments === 0) throw nothingToExport(plan.recordings.length, dropped, plan.recordings.some((r) => r.blobPath === null));
    // with an object store, every recording's audio on this node before the tar starts (its file name is its hash)
    await Promise.all(
      plan.recordings.filter((r) => r.blobPath !== null && r.segments.length > 0).map((r) => media.ensureLocal(basename(r.blobPath!)).catch((error: unknown) => {
        throw toBlobHttpError(error, r.mediaId);
      })),
    );
    const { user } = c.get('auth') as RequestAuth;
    const project = deps.projects.getProject(projectId)!;
    const id = randomUUID();
    const counts = { segments: plan.segments, seconds: Math.round(plan.seconds * 1000) / 1000, recordings: plan.recordings.filter((r) => r.segments.length > 0).length, dropped };
    const record = exports.start({ id, projectId, createdBy: user.id, counts });
    deps.logger?.info({ projectId, exportId: id, userId: user.id, segments: counts.segments }, 'training export started');
    const body = streamTrainingExport(
      plan,
      {
        exportId: id,
        project: { id: project.id, name: project.name },
        exportedBy: { id: user.id, name: user.displayName },
        exportedAt: record.createdAt,
        alphabet: { characters: alphabet.characters, model },
        minSeconds,
        maxSeconds,
      },
      {
        onEnd: (complete, written) => {
          exports.finish(id, complete ? 'complete' : 'incomplete', written);
          deps.logger?.info({ projectId, exportId: id, userId: user.id, complete, ...written }, complete ? 'training export finished' : 'training export stopped before the end');
        },
      },
    );
    const base = `${project.name.trim() || 'project'}-training-${new Date(record.createdAt).toISOString().slice(0, 10)}.tar`;
    const ascii = base.replace(/[^\x20-\x7e]|["\\%;/]/g, '_');
    return new Response(body, {
      headers: {
        'content-type': 'application/x-tar',
        'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`,
        'cache-control': 'private, no-store',
        [SEGMENTS_HEADER]: String(plan.segments),
        'x-verbatim-export-id': id,
      },
    });
  });

  serveRoute(routes, listRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorize(c, projectId);
    return c.json({ exports: exports.list(projectId) });
  });

  return routes;
}

function readSegmentQuery(c: Context<AppEnv>): { minSeconds: number; maxSeconds: number } {
  const query = c.req.query();
  const unknown = Object.keys(query).filter((k) => k !== 'minSeconds' && k !== 'maxSeconds');
  if (unknown.length > 0) throw new HttpError(400, 'invalid-query', `Unknown query parameter ${JSON.stringify(unknown[0]!.slice(0, 50))}; use minSeconds and maxSeconds.`);
  const read = (name: string, fallback: number): number => {
    const raw = query[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < SEGMENT_SECONDS.min || value > SEGMENT_SECONDS.max) {
      throw new HttpError(400, 'invalid-query', `${name} must be a number of seconds from ${SEGMENT_SECONDS.min} to ${SEGMENT_SECONDS.max}, got ${JSON.stringify(raw.slice(0, 50))}.`);
    }
    return value;
  };
  const minSeconds = read('minSeconds', SEGMENT_SECONDS.defaultMin);
  const maxSeconds = read('maxSeconds', Math.max(SEGMENT_SECONDS.defaultMax, minSeconds));
  if (maxSeconds < minSeconds) throw new HttpError(400, 'invalid-query', `maxSeconds (${maxSeconds}) is shorter than minSeconds (${minSeconds}).`);
  return { minSeconds, maxSeconds };
}

/** The alphabet of the model the project's jobs use now (its default alias; the server's bundle when no default is set). */
async function projectAlphabet(deps: AppDeps, projectId: string): Promise<{ alphabet: Alphabet; model: ModelIdentityJson }> {
  let dir = deps.config.modelDir;
  let identity: ModelIdentityJson | undefined;
  if (deps.models !== undefined) {
    try {
      const model = await deps.models.resolve(projectId);
      dir = model.dir;
      identity = { id: model.id, version: model.version, sha256: model.sha256 };
    } catch (error) {
      // no default set (the server's bundle could not be installed): the bundle the server runs with
      if (!(error instanceof ModelRegistryError)) throw error;
      if (error.code !== 'no-default-model') throw new HttpError(422, 'model-unavailable', `The project's default model cannot be used: ${error.message}`);
    }
  }
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { id?: string; version?: string; sha256?: string; tokens?: unknown; wordBoundary?: string };
  if (!Array.isArray(json.tokens) || !json.tokens.every((t) => typeof t === 'string')) {
    throw new HttpError(422, 'model-unavailable', `The project's default model (${dir}) declares no tokens, so there is no alphabet to normalise to.`);
  }
  const alphabet = Alphabet.fromTokens(json.tokens as string[], json.wordBoundary);
  return { alphabet, model: identity ?? { id: json.id ?? 'unknown', version: json.version ?? 'unknown', sha256: json.sha256 ?? '' } };
}

function nothingToExport(transcripts: number, dropped: number, audioGone: boolean): HttpError {
  if (transcripts === 0) {
    return new HttpError(422, 'nothing-to-export', 'No transcript of this project has verified speech: mark turns or spans verified in the workbench first (only verified words are exported).');
  }
  return new HttpError(
    422,
    'nothing-to-export',
    `${transcripts} transcript${transcripts === 1 ? ' has' : 's have'} verified speech, but none of it makes a segment: ${dropped} stretch${dropped === 1 ? ' was' : 'es were'} left out${audioGone ? ' (some recordings have no audio on the server any more)' : ''} — too short or long, outside the model's alphabet, or overlapping unverified words.`,
  );
}
