import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { authorizeProject } from '../authorizeProject.ts';
import { readIdParam } from '../readIdParam.ts';
import { MediaAnalyzer } from '../../media/MediaAnalyzer.ts';
import { DEFAULT_MEDIA_LIMITS } from '../../media/MediaLimits.ts';
import { toMediaJson } from '../../media/mediaSchemas.ts';
import { MediaStore } from '../../media/MediaStore.ts';
import { receiveUploads } from '../../media/receiveUploads.ts';
import { toMediaHttpError } from '../../media/toMediaHttpError.ts';

const UPLOAD_PATH = /^\/api\/projects\/[^/]+\/media$/;

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
export function mediaProjectRoutes(deps: AppDeps): Hono<AppEnv> {
  const { projects, config } = deps;
  const store = new MediaStore(deps.db, { dataDir: config.dataDir, ...(deps.now && { now: deps.now }) });
  // per-analysis workers, each ended with its request (the request's signal aborts it when the client goes away)
  const analyzer = new MediaAnalyzer({
    limits: {
      maxDurationSeconds: config.maxDurationSeconds ?? DEFAULT_MEDIA_LIMITS.maxDurationSeconds,
      maxExpansion: config.maxExpansion ?? DEFAULT_MEDIA_LIMITS.maxExpansion,
    },
  });
  const routes = new Hono<AppEnv>();

  routes.get('/:id/media', (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'media.read');
    return c.json({ media: store.listForProject(projectId).map(toMediaJson) });
  });

  routes.post('/:id/media', async (c) => {
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
