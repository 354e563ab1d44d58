// The built workbench as a browser gets it from the real server: index, assets, SPA routes, headers, traversal.
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, errorOf, startTestServer, type TestServer, type TestUser } from '../../../test/testServer.ts';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-3f2b8c1e.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("workbench");';

let root: string;
let web: string;
let server: TestServer;
let user: TestUser;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vwb-web-'));
  web = join(root, 'dist');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), INDEX);
  writeFileSync(join(web, 'assets', 'index-3f2b8c1e.js'), SCRIPT);
  writeFileSync(join(web, 'assets', 'index-a1b2c3.css'), 'body { margin: 0 }');
  writeFileSync(join(web, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(web, '.env'), 'SECRET=1');
  // what must never be reachable: a file beside the root, and a link from inside the root to it
  writeFileSync(join(root, 'package.json'), '{"name":"outside the web root"}');
  symlinkSync(join(root, 'package.json'), join(web, 'assets', 'leak.json'));
  server = await startTestServer({ webDir: web });
  user = await server.createUser('ada');
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** A GET whose path is sent exactly as written (fetch would normalise `..` away before sending it). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET', headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving the workbench', () => {
  it('serves index.html at / with revalidation and the security headers', async () => {
    const response = await server.fetch('/', { headers: HTML });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const csp = response.headers.get('content-security-policy')!;
    const host = new URL(server.url).host;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' blob: data:");
    expect(csp).toContain("media-src 'self' blob: data:");
    expect(csp).toContain(`connect-src 'self' ws://${host} wss://${host}`);
    expect(csp).toContain("frame-ancestors 'none'");
    // /index.html is the same page
    expect(await (await server.fetch('/index.html')).text()).toBe(INDEX);
  });

  it('revalidates with the ETag: an unchanged page is a 304 without a body', async () => {
    const first = await server.fetch('/');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    const again = await server.fetch('/', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await server.fetch('/', { headers: { 'if-none-match': 'W/"0-0"' } })).status).toBe(200);
  });

  it('caches content-hashed assets for a year as immutable, typed by extension', async () => {
    const script = await server.fetch('/assets/index-3f2b8c1e.js');
    expect(script.status).toBe(200);
    expect(await script.text()).toBe(SCRIPT);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(script.headers.get('content-length')).toBe(String(SCRIPT.length));
    // scripts need no CSP of their own: the page's applies
    expect(script.headers.get('content-security-policy')).toBeNull();
    const style = await server.fetch('/assets/index-a1b2c3.css');
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await server.fetch('/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await server.fetch('/assets/index-3f2b8c1e.js', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(SCRIPT.length));
    expect(await response.text()).toBe('');
  });

  it("answers the workbench's own routes with index.html when the browser asks for a page", async () => {
    for (const path of ['/projects/3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5b', '/review', '/transcripts/x/y/']) {
      const response = await server.fetch(path, { headers: HTML });
      expect(response.status, path).toBe(200);
      expect(await response.text()).toBe(INDEX);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('does not answer a missing file, or a request for something other than a page, with index.html', async () => {
    for (const [path, headers] of [
      ['/assets/missing-123.js', HTML],
      ['/assets/chunk', HTML],
      ['/missing.png', HTML],
      ['/review', { accept: 'application/json' }],
      ['/review', {}],
    ] as const) {
      const error = await errorOf(await server.fetch(path, { headers }));
      expect(error.status, path).toBe(404);
      expect(error.code).toBe('route-not-found');
    }
  });

  it('leaves the API, the health probes and metrics to the server', async () => {
    expect(await errorOf(await server.fetch('/api/unknown', { headers: HTML }))).toMatchObject({ status: 404, code: 'route-not-found' });
    expect(await errorOf(await server.fetch('/api', { headers: HTML }))).toMatchObject({ status: 404, code: 'route-not-found' });
    expect(await errorOf(await server.fetch('/yjs/some-room', { headers: HTML }))).toMatchObject({ status: 404, code: 'route-not-found' });
    expect((await server.fetch('/healthz', { headers: HTML })).headers.get('content-type')).toMatch(/^application\/json/);
    expect((await server.fetch('/metrics', { headers: HTML })).headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await server.fetch('/api/projects', { headers: bearer(user.token) })).status).toBe(200);
    // only reads are served: other methods on a page's path are the API's 404
    expect(await errorOf(await server.fetch('/', { method: 'POST', headers: HTML }))).toMatchObject({ status: 404, code: 'route-not-found' });
  });

  it('never leaves the web root, however the path is spelled', async () => {
    const attempts = [
      '/..%2f..%2fetc/passwd',
      '/..%2f..%2fpackage.json',
      '/assets/../../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/%2e%2e/package.json',
      '/assets/..%5c..%5cpackage.json',
      '/assets/%00.js',
      '/assets/%zz.js',
      '/.env',
      '/%2eenv',
      '/assets/leak.json',
    ];
    for (const path of attempts) {
      for (const headers of [{}, HTML]) {
        const response = await rawGet(path, headers);
        expect(response.body, path).not.toContain('outside the web root');
        expect(response.body, path).not.toContain('SECRET');
        expect(response.body, path).not.toContain('root:');
        // a path that merely does not look like a file may still be a page of the workbench
        if (response.status === 200) expect(response.body, path).toBe(INDEX);
        else expect(response.status, path).toBe(404);
      }
      expect((await rawGet(path)).status, path).toBe(404);
    }
  });
});

describe('without a built workbench', () => {
  it('answers pages with 503 saying how to build it, while the API keeps working', async () => {
    const moved = `${web}-moved`;
    renameSync(web, moved);
    try {
      const response = await server.fetch('/', { headers: HTML });
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      const text = await response.text();
      expect(text).toMatch(/not built/);
      expect(text).toMatch(/npm run build/);
      expect(text).toMatch(/--web-dir/);
      // the server's directories are nobody's business
      expect(text).not.toContain(root);
      expect((await server.fetch('/projects/x', { headers: HTML })).status).toBe(503);
      expect((await server.fetch('/assets/index-3f2b8c1e.js')).status).toBe(404);
      expect((await server.fetch('/api/projects', { headers: bearer(user.token) })).status).toBe(200);
      expect((await server.fetch('/healthz')).status).toBe(200);
    } finally {
      renameSync(moved, web);
    }
    // built later: served without a restart
    expect((await server.fetch('/', { headers: HTML })).status).toBe(200);
  });
});
