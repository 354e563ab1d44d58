import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ProjectAction } from '../../auth/ProjectAction.ts';
import { mediaContentType } from '../../media/mediaContentType.ts';
import { toMediaJson } from '../../media/mediaSchemas.ts';
import { MediaStore, type MediaRecord } from '../../media/MediaStore.ts';
import { parseRange } from '../../media/parseRange.ts';
import { streamWaveformJson } from '../../media/streamWaveformJson.ts';
import { WAVEFORM_DAT_CONTENT_TYPE } from '../../media/waveformDat.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { errorBody } from '../errorBody.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth, unauthenticated } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';

/**
 * One uploaded file, mounted at `/api/media`: `GET /:id` (its record), `GET /:id/audio` (the bytes, with HTTP
 * Range support for `<audio>` seeking), `GET /:id/peaks` (waveform peaks: audiowaveform JSON, or its binary `.dat`
 * layout for `Accept: application/vnd.audiowaveform.dat` or `?format=dat`) for viewers and above, and `DELETE /:id` (owners:
 * the recording with every transcript made from it in one transaction, then its audio and peaks files, and its
 * unfinished jobs are cancelled). Access follows the media's project; to anyone outside it the media does not exist (404).
 */
export function mediaRoutes(deps: AppDeps): Hono<AppEnv> {
  const { projects } = deps;
  const store = new MediaStore(deps.db, { dataDir: deps.config.dataDir, ...(deps.now && { now: deps.now }) });
  const routes = new Hono<AppEnv>();
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

  routes.get('/:id', (c) => c.json(toMediaJson(findMedia(c, 'media.read'))));

  routes.get('/:id/audio', async (c) => {
    const record = findMedia(c, 'media.read');
    const file = await open(store.blobPath(record.sha256), 'r').catch((error: unknown) => {
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

  routes.get('/:id/peaks', async (c) => {
    const record = findMedia(c, 'media.read');
    if (record.peaksPath === null) throw new HttpError(404, 'peaks-not-found', `No waveform peaks were computed for media ${record.id}.`);
    const path = join(store.mediaDir, record.peaksPath);
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

  routes.delete('/:id', (c) => {
    const record = findMedia(c, 'media.delete');
    deps.content.removeMedia(record.id);
    return c.body(null, 204);
  });

  return routes;
}

function mediaNotFound(id: string): HttpError {
  return new HttpError(404, 'media-not-found', `There is no media ${id} in a project you are a member of.`);
}
