import type { Context } from 'hono';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { authorizeProject } from '../authorizeProject.ts';
import { readIdParam } from '../readIdParam.ts';
import { MediaAnalyzer } from '../../media/MediaAnalyzer.ts';
import { DEFAULT_MEDIA_LIMITS } from '../../media/MediaLimits.ts';
import { MediaListResponse, toMediaJson, UploadMediaResponse } from '../../media/mediaSchemas.ts';
import { blobStoreFor } from '../../media/blobs/blobStoreFor.ts';
import { MediaStore } from '../../media/MediaStore.ts';
import { receiveUploads } from '../../media/receiveUploads.ts';
import { toMediaHttpError } from '../../media/toMediaHttpError.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const UPLOAD_PATH = /^\/api\/projects\/[^/]+\/media$/;

const listMediaRoute = apiRoute({
  id: 'listMedia', method: 'get', path: '/{id}/media', tag: 'media', auth: true, errors: [400, 404],
  summary: "A project's uploaded files, newest first (any member).",
  success: { status: 200, schema: MediaListResponse, description: 'The media.' },
});

const uploadMediaRoute = apiRoute({
  id: 'uploadMedia', method: 'post', path: '/{id}/media', tag: 'media', auth: true, upload: true, errors: [400, 403, 404, 413, 415, 503, 507],
  errorText: {
    503: 'storage-unavailable: the S3 media store did not answer; nothing was kept, send it again.',
    507: 'storage-refused: the media storage is full (ENOSPC) or the S3 media store refused the write; nothing was kept.',
    400: 'Bad request: a malformed or truncated multipart body, no "file" part, too many parts, an empty file, a file whose content is corrupt (invalid-audio), or a cut-off file whose header promises more than it holds (truncated-file).',
    413: 'file-too-large: a file is larger than the configured upload limit (--upload-limit / VERBATIM_UPLOAD_LIMIT, 2 GiB unless configured); audio-too-long: its audio is longer than --max-duration (6 h unless configured); expansion-too-high: it would decode to more than --max-expansion (1000) times its size as 16 kHz 16-bit mono, as decompression bombs do. Decided from the header before decoding where it states the length, else as soon as decoding passes the limit; nothing of the request is kept.',
    415: 'not-multipart: the request is not multipart/form-data with a boundary; or unsupported-format: a file\'s bytes are not audio or video this server reads (its name and declared type are ignored).',
  },
  summary:
    'Upload audio or video files as multipart/form-data, one "file" part per file (editors and above). Streamed to disk; ' +
    'each file at most the configured upload limit (413); the type is decided by content, not name (415); empty, ' +
    'truncated or corrupt files are 400. All files of a request are stored, or none.',
  success: { status: 201, schema: UploadMediaResponse, description: 'The created media, in the order of the file parts.' },
});

/**
 * Whether a request is an upload (`POST /api/projects/:id/media`), which streams its body to disk under the
 * configured upload limit and so must not go through the 1 MiB JSON body limit.
 */
export function isMediaUploadRequest(method: string, path: string): boolean {
  return method === 'POST' && UPLOAD_PATH.test(path);
}

/**
 * A project's media, mounted at `/api/projects`: `GET /:id/media` lists them (viewer and above) and
 * `POST /:id/media` uploads one or several files as `multipart/form-data` `file` parts (editor and above),
 * streamed to disk, each at most `config.uploadLimitBytes`; the files are checked by content (their headers against
 * `config.maxDurationSeconds` and `config.maxExpansion` at once, then decoded in a worker thread, one file at a time
 * across the app) and all or none are stored.
 */
export function mediaProjectRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects, config } = deps;
  const store = new MediaStore(deps.db, { dataDir: config.dataDir, mediaDir: config.mediaDir, blobs: blobStoreFor(config), ...(deps.now && { now: deps.now }) });
  // per-analysis workers, each ended with its request (the request's signal aborts it when the client goes away)
  const analyzer = new MediaAnalyzer({
    limits: {
      maxDurationSeconds: config.maxDurationSeconds ?? DEFAULT_MEDIA_LIMITS.maxDurationSeconds,
      maxExpansion: config.maxExpansion ?? DEFAULT_MEDIA_LIMITS.maxExpansion,
    },
  });
  const routes = new OpenAPIHono<AppEnv>();

  serveRoute(routes, listMediaRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'media.read');
    return c.json({ media: store.listForProject(projectId).map(toMediaJson) });
  });

  serveRoute(routes, uploadMediaRoute, async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'media.upload');
    const { user } = c.get('auth') as RequestAuth;
    try {
      const records = await receiveUploads(c.req.raw, {
        store,
        projectId,
        userId: user.id,
        maxFileBytes: config.uploadLimitBytes,
        analyzer,
        pauseIdleTimeout: () => pauseIdleTimeout(c),
        signal: c.req.raw.signal,
      });
      return c.json({ media: records.map(toMediaJson) }, 201);
    } catch (error) {
      throw toMediaHttpError(error);
    }
  });

  return routes;
}

interface TimedSocket {
  readonly timeout?: number | undefined;
  setTimeout(ms: number): unknown;
}

// While the server analyses a file it reads nothing from the client, whose connection would look idle: suspend
// the connection's idle timeout (the node adapter's `incoming` request carries the socket) until the server is done.
function pauseIdleTimeout(c: Context<AppEnv>): () => void {
  const socket = (c.env as { incoming?: { socket?: TimedSocket } } | undefined)?.incoming?.socket;
  if (socket === undefined || typeof socket.setTimeout !== 'function') return () => {};
  const idleMs = socket.timeout ?? 0;
  socket.setTimeout(0);
  return () => void socket.setTimeout(idleMs);
}
