import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../AppEnv.ts';
import { resolveWebFile, webPathSegments, type WebFile } from '../web/resolveWebFile.ts';
import { webContentType } from '../web/webContentType.ts';
import { WEB_FILE_HEADERS, webHtmlHeaders } from '../web/webSecurityHeaders.ts';

/** Paths that belong to the server itself, never to the workbench (each also covers everything below it). */
export const SERVER_PATH_PREFIXES: readonly string[] = ['/api', '/yjs', '/metrics', '/healthz', '/readyz'];

/** Options of {@link serveWebApp}. */
export interface ServeWebAppOptions {
  /** The built workbench: `index.html` and `assets/` (looked up on every request, so it may be built later). */
  readonly root: string;
  /** The server's public URL; its host is the WebSocket host the HTML's CSP allows (default: the request's Host). */
  readonly publicUrl?: string | undefined;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const ASSETS = 'assets';

/**
 * Serves the built web workbench for GET and HEAD outside {@link SERVER_PATH_PREFIXES}: `/` is `index.html`,
 * files under `/assets/` (content-hashed names) are cached for a year as immutable, other files and the HTML are
 * revalidated (`no-cache` with an ETag). Any other path that asks for HTML and does not look like a file (no
 * extension, not under `/assets/`) gets `index.html` too, so the workbench's own routes survive a reload. HTML
 * carries a Content-Security-Policy and anti-framing headers. Paths that could leave the directory or name hidden
 * files are never looked up; requests it does not answer go on to the app (JSON 404). When the workbench is not
 * built, HTML requests get 503 saying how to build it, and the API is unaffected.
 *
 * @example
 * app.use(serveWebApp({ root: config.webDir, publicUrl: config.publicUrl }));
 */
export function serveWebApp(options: ServeWebAppOptions): MiddlewareHandler<AppEnv> {
  const publicHost = options.publicUrl === undefined ? undefined : new URL(options.publicUrl).host;
  return async function serveWebAppMiddleware(c, next) {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') return next();
    const pathname = new URL(c.req.url).pathname;
    if (SERVER_PATH_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))) return next();
    const segments = webPathSegments(pathname);
    if (segments === undefined) return next();
    const host = publicHost ?? c.req.header('host');

    const isIndex = segments.length === 0 || (segments.length === 1 && segments[0] === 'index.html');
    if (!isIndex) {
      const file = await resolveWebFile(options.root, segments);
      if (file !== undefined) {
        const html = file.path.endsWith('.html');
        const headers = { ...(html ? webHtmlHeaders(host) : WEB_FILE_HEADERS), 'cache-control': segments[0] === ASSETS ? IMMUTABLE : REVALIDATE };
        return sendFile(c, file, headers);
      }
      const last = segments.at(-1)!;
      const isAppRoute = segments[0] !== ASSETS && !last.includes('.') && (c.req.header('accept') ?? '').includes('text/html');
      if (!isAppRoute) return next();
    }
    const index = await resolveWebFile(options.root, ['index.html']);
    if (index === undefined) return notBuilt();
    return sendFile(c, index, { ...webHtmlHeaders(host), 'cache-control': REVALIDATE });
  };
}

async function sendFile(c: Context<AppEnv>, file: WebFile, headers: Record<string, string>): Promise<Response> {
  const etag = `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
  const all: Record<string, string> = { ...headers, 'content-type': webContentType(file.path), etag };
  if (matchesEtag(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers: all });
  all['content-length'] = String(file.size);
  if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers: all });
  const handle = await open(file.path, 'r');
  const body = Readable.toWeb(handle.createReadStream({ autoClose: true })) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers: all });
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === bare;
  });
}

// the server's own paths are not told to whoever asks
function notBuilt(): Response {
  const message = [
    'The Verbatim web workbench is not built, so there is nothing to show here yet.',
    "Build it with `npm run build` in apps/web (or `npm run build` at the repository root), which writes apps/web/dist,",
    'or start the server with --web-dir (VERBATIM_WEB_DIR) pointing at a built workbench.',
    'The API works meanwhile: see /api/openapi.json.',
  ].join('\n');
  return new Response(`${message}\n`, {
    status: 503,
    headers: { ...WEB_FILE_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '60' },
  });
}
