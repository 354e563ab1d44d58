// A tiny static HTTP server for the peer pages (node:http): files under a root folder, plus documents held in memory
// (the transcript each peer fetches). Loopback only; nothing but GET.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, resolve, sep } from 'node:path';

export interface PeerPagesServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8' };

/** Serves `root` and the in-memory `documents` (by path, e.g. `/long.json`); any other path is a 404. */
export async function servePeerPages(root: string, documents: Record<string, string>): Promise<PeerPagesServer> {
  const inside = resolve(root) + sep;
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (request.method !== 'GET') return send(405, 'GET only');
    const document = documents[path];
    if (document !== undefined) return send(200, document, TYPES['.json']);
    const file = normalize(join(inside, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(inside)) return send(404, 'not found');
    readFile(file).then(
      (body) => send(200, body, TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream'),
      () => send(404, 'not found'),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
