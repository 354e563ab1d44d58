import { open, readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ProjectAction } from '../../auth/ProjectAction.ts';
import { mediaContentType } from '../../media/mediaContentType.ts';
import { MediaJson, toMediaJson, WaveformPeaksJson } from '../../media/mediaSchemas.ts';
import { MediaStore, type MediaRecord } from '../../media/MediaStore.ts';
import { parseRange } from '../../media/parseRange.ts';
import { blobStoreFor } from '../../media/blobs/blobStoreFor.ts';
import { toBlobHttpError } from '../../media/blobs/toBlobHttpError.ts';
import { streamWaveformJson } from '../../media/streamWaveformJson.ts';
import { WAVEFORM_DAT_CONTENT_TYPE } from '../../media/waveformDat.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { errorBody } from '../errorBody.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth, unauthenticated } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const getMediaRoute = apiRoute({
  id: 'getMedia', method: 'get', path: '/{id}', tag: 'media', auth: true, errors: [400, 404],
  summary: 'One uploaded file (members of its project).',
  success: { status: 200, schema: MediaJson, description: 'The media record.' },
});

const getMediaAudioRoute = apiRoute({
  id: 'getMediaAudio', method: 'get', path: '/{id}/audio', tag: 'media', auth: true, errors: [400, 404, 416, 502, 503],
  errorText: {
    416: 'The Range lies outside the file; Content-Range gives its size.',
    502: 'media-file-corrupt: the S3 media store holds bytes that do not hash to the media; nothing is served.',
    503: 'storage-unavailable: the S3 media store did not answer; try again.',
  },
  summary: 'The stored file, with its content type; supports Range requests (206 with Content-Range, 416 outside the file).',
  success: { status: 200, alsoStatus: 206, media: ['audio/*', 'video/*'], description: 'The bytes (206: the requested range).' },
});

const getMediaPeaksRoute = apiRoute({
  id: 'getMediaPeaks', method: 'get', path: '/{id}/peaks', tag: 'media', auth: true, errors: [400, 404],
  summary:
    'Waveform peaks in BBC audiowaveform JSON (version 2, 8-bit, mono; divide by 128 for [-1, 1]); with ?format=dat or Accept: ' +
    'application/vnd.audiowaveform.dat, the same peaks in audiowaveform\'s binary layout (2 bytes a pixel). At most 2^19 pixels: ' +
    'longer recordings get more samples per pixel.',
  success: { status: 200, schema: WaveformPeaksJson, description: 'The peaks.' },
});

const deleteMediaRoute = apiRoute({
  id: 'deleteMedia', method: 'delete', path: '/{id}', tag: 'media', auth: true, errors: [400, 403, 404],
  summary:
    'Delete a recording (owners) with every transcript made from it (edits and reviews included), in one transaction; its audio and peaks files go after the commit when no other media uses the same bytes, and its queued or running jobs are cancelled.',
  success: { status: 204, description: 'Deleted.' },
});

/**
 * One uploaded file, mounted at `/api/media`: `GET /:id` (its record), `GET /:id/audio` (the bytes, with HTTP
 * Range support for `<audio>` seeking), `GET /:id/peaks` (waveform peaks: audiowaveform JSON, or its binary `.dat`
 * layout for `Accept: application/vnd.audiowaveform.dat` or `?format=dat`) for viewers and above, and `DELETE /:id` (owners:
 * the recording with every transcript made from it in one transaction, then its audio and peaks files, and its
 * unfinished jobs are cancelled). Access follows the media's project; to anyone outside it the media does not exist (404).
 */
export function mediaRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const store = new MediaStore(deps.db, { dataDir: deps.config.dataDir, mediaDir: deps.config.mediaDir, blobs: blobStoreFor(deps.config), ...(deps.now && { now: deps.now }) });
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  function findMedia(c: Context<AppEnv>, action: ProjectAction): MediaRecord {
    const id = readIdParam(c, 'id', 'media');
    const record = store.get(id);
    if (record === undefined) throw mediaNotFound(id);
    const decision = projects.authorize(c.get('auth')?.principal, record.projectId, action);
    if (decision.allowed) return record;
    if (decision.reason === 'unauthenticated') throw unauthenticated();
    if (decision.reason === 'not-member') throw mediaNotFound(id);
    throw new HttpError(403, 'insufficient-role', `Your role in this project is ${decision.role}; this needs ${decision.required}${decision.required === 'owner' ? '' : ' or above'}.`);
  }

  serveRoute(routes, getMediaRoute, (c) => c.json(toMediaJson(findMedia(c, 'media.read'))));

  serveRoute(routes, getMediaAudioRoute, async (c) => {
    const record = findMedia(c, 'media.read');
    // with an object store, downloaded into this node's cache first (checked against the hash)
    const local = await store.ensureLocal(record.sha256).catch((error: unknown) => {
      throw toBlobHttpError(error, record.id);
    });
    const file = await open(local, 'r').catch((error: unknown) => {
      throw new HttpError(404, 'media-file-missing', `The stored file of media ${record.id} is missing; upload it again.`, { cause: error });
    });
    let handedOver = false;
    try {
      const { size } = await file.stat();
      const etag = `"${record.sha256}"`;
      const headers: Record<string, string> = {
        'content-type': mediaContentType(record.format),
        'accept-ranges': 'bytes',
        etag,
        'cache-control': 'private, max-age=3600',
      };
      const ifRange = c.req.header('if-range');
      const range = ifRange === undefined || ifRange === etag ? parseRange(c.req.header('range'), size) : undefined;
      if (range === 'unsatisfiable') {
        return c.json(errorBody('range-not-satisfiable', `The requested range is outside the file, which has ${size} bytes.`), 416, {
          ...headers,
          'content-range': `bytes */${size}`,
        });
      }
      const start = range?.start ?? 0;
      const end = range?.end ?? size - 1;
      headers['content-length'] = String(end - start + 1);
      if (range !== undefined) headers['content-range'] = `bytes ${start}-${end}/${size}`;
      const status = range === undefined ? 200 : 206;
      if (c.req.raw.method === 'HEAD') return new Response(null, { status, headers });
      const body = Readable.toWeb(file.createReadStream({ start, end, autoClose: true })) as ReadableStream<Uint8Array>;
      handedOver = true;
      return new Response(body, { status, headers });
    } finally {
      if (!handedOver) await file.close();
    }
  });

  serveRoute(routes, getMediaPeaksRoute, async (c) => {
    const record = findMedia(c, 'media.read');
    if (record.peaksPath === null) throw new HttpError(404, 'peaks-not-found', `No waveform peaks were computed for media ${record.id}.`);
    const path = await store.ensureLocalPeaks(record.peaksPath).catch((error: unknown) => {
      throw toBlobHttpError(error, record.id, 'waveform peaks');
    });
    const missing = (error: unknown) => new HttpError(404, 'peaks-not-found', `The waveform peaks of media ${record.id} are missing.`, { cause: error });
    const cache = 'private, max-age=3600';
    if (record.peaksPath.endsWith('.json')) {
      // peaks stored as JSON by earlier versions are served as they are
      const file = await open(path, 'r').catch((error: unknown) => {
        throw missing(error);
      });
      const { size } = await file.stat();
      const body = Readable.toWeb(file.createReadStream({ autoClose: true })) as ReadableStream<Uint8Array>;
      return new Response(body, { headers: { 'content-type': 'application/json', 'content-length': String(size), 'cache-control': cache } });
    }
    // at most MAX_PEAK_PIXELS pixels: 1 MiB, whatever the recording's length
    const bytes = await readFile(path).catch((error: unknown) => {
      throw missing(error);
    });
    const vary = { vary: 'accept', 'cache-control': cache };
    if (c.req.query('format') === 'dat' || (c.req.header('accept') ?? '').includes(WAVEFORM_DAT_CONTENT_TYPE)) {
      return new Response(new Uint8Array(bytes), { headers: { 'content-type': WAVEFORM_DAT_CONTENT_TYPE, 'content-length': String(bytes.length), ...vary } });
    }
    // written a piece at a time: 2^19 pixels of JSON take ~70 ms to build
    return new Response(streamWaveformJson(bytes), { headers: { 'content-type': 'application/json', ...vary } });
  });

  serveRoute(routes, deleteMediaRoute, async (c) => {
    const record = findMedia(c, 'media.delete');
    // with an object store, its objects are gone too when the answer comes
    await deps.content.removeMedia(record.id)?.storeRemoval;
    return c.body(null, 204);
  });

  return routes;
}

function mediaNotFound(id: string): HttpError {
  return new HttpError(404, 'media-not-found', `There is no media ${id} in a project you are a member of.`);
}
